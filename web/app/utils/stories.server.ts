import type { TFunction } from 'i18next';
import {
  CONTENT_NOTES,
  NOTE_MODES,
  OTHER_NOTE,
  STORY_REACTIONS,
  STORY_STATUSES,
  STORY_TOPICS,
  STORY_VISIBILITIES,
  SUPPORTED_LOCALES,
  type NoteMode,
  type NotePreferences,
  type Page,
  type Story,
  type StoryComment,
} from '@sorstars/shared';
import { data } from '@remix-run/node';
import { api, withApiCookies, type ApiFailure, type Parser } from './api.server';
import { translatorFor, type FormErrors } from './forms.server';
import type { SessionUser } from './session.server';
import type { StoryFormState } from '~/components/stories/StoryForm';
import { localRedirect } from './redirect.server';

/*
 * The API's story answers, checked field by field before a page uses them. The shared package
 * describes them as TypeScript interfaces, so the checks live here, next to the only caller.
 */

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNullableString: Check = (v) => v === null || typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const oneOf =
  (list: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && list.includes(v);
const arrayOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAuthor: Check = (v) => v === null || (isObject(v) && isString(v.id) && isString(v.username) && isNullableString(v.displayName));

function checkFields(value: unknown, fields: Record<string, Check>): string | null {
  if (!isObject(value)) return 'not an object';
  for (const [name, check] of Object.entries(fields)) if (!check(value[name])) return `field ${name}`;
  return null;
}

const STORY_FIELDS: Record<string, Check> = {
  id: isString,
  title: isString,
  html: (v) => v === undefined || isString(v),
  excerpt: (v) => v === undefined || isString(v),
  contentWarnings: arrayOf(isString),
  noteMode: oneOf(NOTE_MODES),
  covered: isBoolean,
  visibility: oneOf(STORY_VISIBILITIES),
  spaceId: isNullableString,
  language: oneOf(SUPPORTED_LOCALES),
  topics: arrayOf(oneOf(STORY_TOPICS)),
  status: oneOf(STORY_STATUSES),
  anonymous: isBoolean,
  consent: (v) => isObject(v) && isBoolean(v.handbook) && isNullableString(v.updatedAt),
  commentsEnabled: isBoolean,
  author: isAuthor,
  isAuthor: isBoolean,
  createdAt: isString,
  publishedAt: isNullableString,
  editedAt: isNullableString,
  reactions: arrayOf((r) => isObject(r) && oneOf(STORY_REACTIONS)(r.kind) && (r.count === null || typeof r.count === 'number') && isBoolean(r.mine)),
  commentCount: (v) => typeof v === 'number',
};

const COMMENT_FIELDS: Record<string, Check> = {
  id: isString,
  storyId: isString,
  replyToId: isNullableString,
  author: isAuthor,
  html: isString,
  createdAt: isString,
  editedAt: isNullableString,
  deletedAt: isNullableString,
};

function parser<T>(check: (value: unknown) => string | null): Parser<T> {
  return {
    safeParse(value) {
      const problem = check(value);
      return problem ? { success: false, error: problem } : { success: true, data: value as T };
    },
  };
}

const storyProblem = (value: unknown) => checkFields(value, STORY_FIELDS);
const commentProblem = (value: unknown): string | null => {
  const problem = checkFields(value, COMMENT_FIELDS);
  if (problem) return problem;
  const replies = (value as { replies?: unknown }).replies;
  if (replies === undefined) return null;
  if (!Array.isArray(replies)) return 'field replies';
  for (const reply of replies) {
    const inner = checkFields(reply, COMMENT_FIELDS);
    if (inner) return `reply ${inner}`;
  }
  return null;
};

export const storySchema = parser<Story>(storyProblem);
export const storyPageSchema = parser<Page<Story>>((value) => {
  if (!isObject(value) || !Array.isArray(value.items) || !isNullableString(value.nextCursor ?? null)) return 'not a page';
  for (const item of value.items) {
    const problem = storyProblem(item);
    if (problem) return problem;
  }
  return null;
});
export const commentSchema = parser<StoryComment>(commentProblem);
export const commentListSchema = parser<Page<StoryComment>>((value) => {
  if (!isObject(value) || !Array.isArray(value.items) || !isNullableString(value.nextCursor ?? null)) return 'not a list';
  for (const item of value.items) {
    const problem = commentProblem(item);
    if (problem) return problem;
  }
  return null;
});
export const notePreferencesAnswerSchema = parser<{ notes: NotePreferences }>((value) => {
  if (!isObject(value) || !isObject(value.notes)) return 'no notes';
  for (const key of [...CONTENT_NOTES, OTHER_NOTE]) if (!oneOf(NOTE_MODES)(value.notes[key])) return `note ${key}`;
  return null;
});

/** The spaces someone belongs to, for "share with one space": only what the form needs. */
export interface SpaceChoice {
  id: string;
  name: string;
}
export const mySpacesSchema = parser<{ items: SpaceChoice[] }>((value) => {
  if (!isObject(value) || !Array.isArray(value.items)) return 'not a list';
  return value.items.every((s) => isObject(s) && isString(s.id) && isString(s.name)) ? null : 'not spaces';
});

export const isNoteMode = (value: unknown): value is NoteMode => oneOf(NOTE_MODES)(value);

// ---- plain text → document --------------------------------------------------------------------

interface DocNode {
  type: string;
  content?: DocNode[];
  text?: string;
}

/**
 * What a textarea sends without JavaScript, as a document of paragraphs: a blank line starts a new
 * paragraph, a single line break stays a line break.
 */
export function textToDoc(text: string): DocNode {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return {
    type: 'doc',
    content: paragraphs.map((block) => {
      const lines = block.split('\n');
      const content: DocNode[] = [];
      lines.forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line) content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    }),
  };
}

/** The body of a rich-text form: the editor's JSON when JavaScript ran, else the plain textarea. */
export function readRichText(formData: FormData, jsonField: string, textField: string): unknown {
  const json = formData.get(jsonField);
  if (typeof json === 'string' && json) {
    try {
      return JSON.parse(json) as unknown;
    } catch {
      return textToDoc('');
    }
  }
  const text = formData.get(textField);
  return textToDoc(typeof text === 'string' ? text : '');
}

/**
 * Field messages for a story or comment form. A path into the document (`content.content[0]…`)
 * belongs to the editor; any other path belongs to its first segment (`contentWarnings[1]` →
 * `contentWarnings`).
 */
export function storyProblemErrors(failure: ApiFailure, t: TFunction): FormErrors {
  if (failure.unreachable) return { formError: t('error.unreachable', { ns: 'common' }), fieldErrors: {} };
  const fieldErrors: Record<string, string> = {};
  for (const error of failure.problem.errors ?? []) {
    const first = error.path.replace(/^\/|^body\./, '').split(/[./[]/)[0];
    if (first) fieldErrors[first] ??= error.message;
  }
  const code = failure.problem.code;
  const formError = code && t(code, { ns: 'errors', defaultValue: '' }) ? t(code, { ns: 'errors' }) : failure.problem.detail || t('INTERNAL', { ns: 'errors' });
  return { formError, fieldErrors };
}

// ---- the story form ---------------------------------------------------------------------------

/** What the story form holds; the same shape refills it after a failed send without JavaScript. */
export type StoryFormValues = StoryFormState;

export const STORY_FORM_INTENTS = ['autosave', 'save', 'publish'] as const;
export type StoryFormIntent = (typeof STORY_FORM_INTENTS)[number];

export type StoryFormResult =
  | { intent: 'autosave'; ok: true; id: string; savedAt: string }
  | { intent: StoryFormIntent; ok: false; errors: FormErrors; values: StoryFormValues; retry: boolean };

const fixedNotes = new Set<string>(CONTENT_NOTES);

/** "a, b, c" → ["a", "b", "c"]: authors may write several notes of their own. */
export function splitOwnNotes(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readStoryForm(formData: FormData, textToContent: (text: string) => unknown = textToDoc): StoryFormValues {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === 'string' ? v : '';
  };
  const json = text('contentJson');
  let content: unknown = null;
  if (json) {
    try {
      content = JSON.parse(json) as unknown;
    } catch {
      content = null;
    }
  }
  const body = text('body');
  const status = text('status') === 'published' ? 'published' : 'draft';
  return {
    id: text('id') || null,
    title: text('title'),
    content: content ?? textToContent(body),
    text: body,
    language: text('language'),
    topics: formData.getAll('topics').filter((v): v is string => typeof v === 'string'),
    notes: formData.getAll('notes').filter((v): v is string => typeof v === 'string' && fixedNotes.has(v)),
    ownNotes: text('ownNotes'),
    visibility: text('visibility'),
    spaceId: text('spaceId'),
    anonymous: text('anonymous') === 'true',
    consent: text('consent') === 'true',
    status,
  };
}

/** The API body for a story: everything the form says, and the status when it changes. */
export function storyInput(values: StoryFormValues, status?: 'draft' | 'published'): Record<string, unknown> {
  return {
    title: values.title,
    content: values.content,
    contentWarnings: [...values.notes, ...splitOwnNotes(values.ownNotes)],
    visibility: values.visibility,
    spaceId: values.visibility === 'space' ? values.spaceId || null : null,
    language: values.language,
    topics: values.topics,
    anonymous: values.anonymous,
    consent: { handbook: values.consent },
    ...(status ? { status } : {}),
  };
}

export function storyFormValues(story: Story, text: string): StoryFormValues {
  return {
    id: story.id,
    title: story.title,
    content: story.content ?? null,
    text,
    language: story.language,
    topics: story.topics,
    notes: story.contentWarnings.filter((n) => fixedNotes.has(n)),
    ownNotes: story.contentWarnings.filter((n) => !fixedNotes.has(n)).join(', '),
    visibility: story.visibility,
    spaceId: story.spaceId ?? '',
    anonymous: story.anonymous,
    consent: story.consent.handbook,
    status: story.status,
  };
}

/**
 * The action behind /stories/new and /stories/:id/edit. `autosave` answers the page's background
 * save (create the draft, then change it); `save` and `publish` are the buttons, which also work
 * without JavaScript.
 */
export async function storyFormAction(request: Request, user: SessionUser) {
  const locale = user.locale;
  const formData = await request.formData();
  const intentValue = formData.get('intent');
  const intent: StoryFormIntent = (STORY_FORM_INTENTS as readonly unknown[]).includes(intentValue) ? (intentValue as StoryFormIntent) : 'save';
  const values = readStoryForm(formData);
  const status = intent === 'publish' ? 'published' : values.id ? undefined : 'draft';
  const body = storyInput(values, status);
  const result = values.id
    ? await api(request, `/api/stories/${encodeURIComponent(values.id)}`, { method: 'PATCH', body, schema: storySchema, locale })
    : await api(request, '/api/stories', { method: 'POST', body, schema: storySchema, locale });

  if (!result.ok) {
    const t = await translatorFor(locale);
    const retry = result.unreachable || result.status >= 500 || result.status === 429;
    return data<StoryFormResult>({ intent, ok: false, errors: storyProblemErrors(result, t), values, retry }, { status: result.status });
  }
  const story = result.data;
  const headers = withApiCookies(result);
  if (intent === 'autosave') {
    return data<StoryFormResult>({ intent, ok: true, id: story.id, savedAt: new Date().toISOString() }, { headers });
  }
  if (intent === 'save' && story.status === 'draft') throw localRedirect(`/stories/${story.id}/edit?saved=1`, { headers });
  throw localRedirect(`/stories/${story.id}${intent === 'publish' ? '?published=1' : '?saved=1'}`, { headers });
}
