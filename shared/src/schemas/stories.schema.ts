import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locales.js';
import { publicUserSchema } from './accounts.schema.js';
import { plainText } from './spaces.schema.js';
import { requiredText, text } from './common.schema.js';

/** Topics a story can be filed under; translated as `stories:topics.<key>`. */
export const STORY_TOPICS = [
  'housing',
  'work',
  'health',
  'family',
  'rights_papers',
  'recovery',
  'leaving_care',
  'community',
  'money',
  'education',
] as const;
export type StoryTopic = (typeof STORY_TOPICS)[number];

/** Content notes authors pick; readers choose per note to show, blur or hide. */
export const CONTENT_NOTES = [
  'violence',
  'abuse',
  'self_harm',
  'suicide',
  'substance_use',
  'eviction',
  'detention',
  'loss',
  'mental_health',
  'discrimination',
] as const;
export type ContentNote = (typeof CONTENT_NOTES)[number];
/** The reader's setting for free-text notes an author wrote themselves. */
export const OTHER_NOTE = 'other';
export const NOTE_MODES = ['show', 'blur', 'hide'] as const;
export type NoteMode = (typeof NOTE_MODES)[number];
export const DEFAULT_NOTE_MODE: NoteMode = 'blur';

export const STORY_VISIBILITIES = ['public', 'members', 'space'] as const;
export const STORY_STATUSES = ['draft', 'published'] as const;
export const STORY_REACTIONS = ['relate', 'thanks', 'strength'] as const;
export type StoryReaction = (typeof STORY_REACTIONS)[number];

export const STORY_TITLE_MAX = 200;
export const CUSTOM_NOTE_MAX = 60;

/** A fixed note key, or the author's own words (short plain text). */
const contentNoteSchema = z.union([
  z.enum(CONTENT_NOTES),
  plainText(CUSTOM_NOTE_MAX).min(2, { error: 'validation.tooSmall' }),
]);

const storyFields = {
  title: plainText(STORY_TITLE_MAX).min(1, { error: 'validation.required' }),
  /** A tiptap JSON document; the API checks it against the shared schema. */
  content: z.unknown().refine((v) => v !== undefined, { error: 'validation.required' }),
  contentWarnings: z.array(contentNoteSchema, requiredText).max(12, { error: 'validation.tooBig' }),
  visibility: z.enum(STORY_VISIBILITIES, { error: 'validation.storyVisibility' }),
  spaceId: z.uuid({ error: 'validation.uuid' }).nullish(),
  language: z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }),
  status: z.enum(STORY_STATUSES, { error: 'validation.storyStatus' }),
  topics: z.array(z.enum(STORY_TOPICS, { error: 'validation.topic' })).max(5, { error: 'validation.tooBig' }).optional(),
  anonymous: z.boolean({ error: 'validation.invalidType' }).optional(),
  consent: z.strictObject({ handbook: z.boolean({ error: 'validation.invalidType' }) }).optional(),
  commentsEnabled: z.boolean({ error: 'validation.invalidType' }).optional(),
};

const spaceMatchesVisibility = (v: { visibility?: string; spaceId?: string | null }) =>
  v.visibility === undefined || (v.visibility === 'space') === !!v.spaceId;

export const createStorySchema = z
  .strictObject(storyFields)
  .refine(spaceMatchesVisibility, { error: 'validation.storySpace', path: ['spaceId'] });
export type CreateStoryInput = z.infer<typeof createStorySchema>;

export const updateStorySchema = z
  .strictObject(storyFields)
  .partial()
  .refine(spaceMatchesVisibility, { error: 'validation.storySpace', path: ['spaceId'] });
export type UpdateStoryInput = z.infer<typeof updateStorySchema>;

export const listStoriesQuerySchema = z.object({
  topic: z.enum(STORY_TOPICS, { error: 'validation.topic' }).optional(),
  language: z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }).optional(),
  spaceId: z.uuid({ error: 'validation.uuid' }).optional(),
  mine: z.enum(['true', 'false']).optional(),
  /** Stories whose authors agreed they may be quoted in the handbook (programme staff). */
  handbook: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).default(20),
  cursor: text(200).optional(),
});

/** A page of a story's top-level comments (each with its first replies), oldest first. */
export const commentsQuerySchema = z.object({
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).default(50),
  cursor: text(200).optional(),
});

export const storyReactionSchema = z.strictObject({ kind: z.enum(STORY_REACTIONS, { error: 'validation.reaction' }) });

export const notePreferencesSchema = z.strictObject({
  // Partial: a reader changes one note at a time; the rest keep their setting (default blur).
  notes: z.partialRecord(z.enum([...CONTENT_NOTES, OTHER_NOTE], { error: 'validation.noteMode' }), z.enum(NOTE_MODES, { error: 'validation.noteMode' })),
});
export type NotePreferences = Record<ContentNote | typeof OTHER_NOTE, NoteMode>;

export const createCommentSchema = z.strictObject({
  content: z.unknown().refine((v) => v !== undefined, { error: 'validation.required' }),
  replyToId: z.uuid({ error: 'validation.uuid' }).nullish(),
});
export const updateCommentSchema = z.strictObject({ content: createCommentSchema.shape.content });

export interface Story {
  id: string;
  title: string;
  /** Absent while the reader's content-note settings keep it covered (`covered`). */
  content?: unknown;
  html?: string;
  excerpt?: string;
  contentWarnings: string[];
  /** What the reader's settings say for this story: show it, cover it until chosen, or hide it. */
  noteMode: NoteMode;
  covered: boolean;
  visibility: (typeof STORY_VISIBILITIES)[number];
  spaceId: string | null;
  language: (typeof SUPPORTED_LOCALES)[number];
  topics: StoryTopic[];
  status: (typeof STORY_STATUSES)[number];
  anonymous: boolean;
  consent: { handbook: boolean; updatedAt: string | null };
  commentsEnabled: boolean;
  /** `null` to readers when the author chose to be anonymous. */
  author: z.infer<typeof publicUserSchema> | null;
  isAuthor: boolean;
  createdAt: string;
  publishedAt: string | null;
  editedAt: string | null;
  /** Counts are for the author only; a reader sees just their own reactions. */
  reactions: { kind: StoryReaction; count: number | null; mine: boolean }[];
  commentCount: number;
  /** Hidden or removed by moderators; only the author sees such a story, and the reason. */
  moderation: { state: 'visible' | 'pending' | 'hidden' | 'removed'; reason: string | null } | null;
}

export interface StoryComment {
  id: string;
  storyId: string;
  replyToId: string | null;
  author: z.infer<typeof publicUserSchema> | null;
  content: unknown;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  replies?: StoryComment[];
}
