import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { FIRST_STEP_DONE, type FirstStepDone } from '../home/first-steps.events.js';
import {
  CONTENT_NOTES,
  DEFAULT_NOTE_MODE,
  NOTE_MODES,
  OTHER_NOTE,
  STORY_REACTIONS,
  type CreateStoryInput,
  type NoteMode,
  type NotePreferences,
  type Page,
  type Story,
  type StoryComment,
  type StoryReaction,
  type UpdateStoryInput,
} from '@sorstars/shared';
import type { z } from 'zod';
import type { listStoriesQuerySchema } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { parseRichText } from '../../core/rich-text/rich-text.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { CommentsRepository, toComment, type CommentRow } from './comments.repository.js';
import { canEdit, canListHandbook, canRead, canRespond, canSeeAuthor, canSeeReactionCounts, type StoryViewer } from './stories.policy.js';
import { StoriesRepository, type StoryRow, type StoryWrite } from './stories.repository.js';
import { decodeCursor, encodeCursor } from '../../core/pagination/cursor.js';

/** Domain events others (search, moderation, notifications) listen to. */
export const STORY_EVENTS = {
  published: 'story.published',
  updated: 'story.updated',
  deleted: 'story.deleted',
  /** The author took handbook consent back: the story leaves every edition not yet published. */
  handbookWithdrawn: 'story.handbook_withdrawn',
  commentCreated: 'comment.created',
} as const;

const EXCERPT_LENGTH = 280;
const STRICTNESS: Record<NoteMode, number> = { show: 0, blur: 1, hide: 2 };
const isFixedNote = (note: string) => (CONTENT_NOTES as readonly string[]).includes(note);

/** The strictest of the reader's settings for the story's notes; no notes means show. */
export function noteModeFor(warnings: string[], prefs: Map<string, NoteMode>): NoteMode {
  let mode: NoteMode = 'show';
  for (const note of warnings) {
    const m = prefs.get(isFixedNote(note) ? note : OTHER_NOTE) ?? DEFAULT_NOTE_MODE;
    if (STRICTNESS[m] > STRICTNESS[mode]) mode = m;
  }
  return mode;
}

const viewerOf = (user: AuthUser | undefined, row?: StoryRow): StoryViewer => ({
  userId: user?.id ?? null,
  platformRoles: user?.roles ?? [],
  spaceRole: row?.viewer_space_role ?? null,
});
const subjectOf = (row: StoryRow) => ({
  authorId: row.author_id,
  status: row.status,
  visibility: row.visibility,
  anonymous: row.anonymous,
  deleted: row.deleted_at !== null,
  moderated: row.moderation_state !== 'visible',
});


/** Stories are ordered by when they were published (drafts: created). */
const storyCursor = (row: StoryRow) => encodeCursor(row.published_at ?? row.created_at, row.id);

@Injectable()
export class StoriesService {
  constructor(
    private readonly repo: StoriesRepository,
    private readonly comments: CommentsRepository,
    private readonly spaces: SpacesService,
    private readonly events: EventEmitter2,
  ) {}

  async list(user: AuthUser | undefined, q: z.output<typeof listStoriesQuerySchema>): Promise<Page<Story>> {
    if (q.handbook === 'true' && !canListHandbook(viewerOf(user))) throw new AppError('FORBIDDEN');
    if (q.mine === 'true' && !user) throw new AppError('UNAUTHENTICATED');
    const prefs = await this.repo.notePreferences(user?.id ?? null);
    const hiddenNotes = CONTENT_NOTES.filter((n) => prefs.get(n) === 'hide');
    const rows = await this.repo.list(
      user?.id ?? null,
      {
        topic: q.topic,
        language: q.language,
        spaceId: q.spaceId,
        mine: q.mine === 'true',
        handbook: q.handbook === 'true',
        hiddenNotes,
        hideCustomNotes: prefs.get(OTHER_NOTE) === 'hide',
        limit: q.limit + 1,
        after: q.cursor ? decodeCursor(q.cursor) : undefined,
      },
      CONTENT_NOTES,
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((row) => this.toStory(row, user, prefs, { body: false })),
      nextCursor: rows.length > q.limit ? storyCursor(page[page.length - 1]) : null,
    };
  }

  /** `reveal` uncovers a story behind a content note, and remembers the choice for a signed-in reader. */
  async get(user: AuthUser | undefined, id: string, reveal = false): Promise<Story> {
    const row = await this.readable(user, id);
    if (reveal && user) await this.repo.reveal(row.id, user.id);
    const prefs = await this.repo.notePreferences(user?.id ?? null);
    return this.toStory(row, user, prefs, { body: true, reveal });
  }

  async create(user: AuthUser, input: CreateStoryInput): Promise<Story> {
    const write = await this.prepare(user, {
      ...input,
      topics: input.topics ?? [],
      anonymous: input.anonymous ?? false,
      commentsEnabled: input.commentsEnabled ?? true,
      spaceId: input.spaceId ?? null,
    });
    const id = await this.repo.transaction((m) => this.repo.insert(m, user.id, write, input.consent?.handbook ?? false));
    if (write.status === 'published') this.events.emit(STORY_EVENTS.published, { storyId: id });
    return this.get(user, id);
  }

  /** Autosave, edit, publish and unpublish are all this: a partial change by the author. */
  async update(user: AuthUser, id: string, input: UpdateStoryInput): Promise<Story> {
    const row = await this.own(user, id);
    const visibility = input.visibility ?? row.visibility;
    const merged = {
      title: input.title ?? row.title,
      content: input.content ?? row.content,
      contentWarnings: input.contentWarnings ?? row.content_warnings,
      visibility,
      // Leaving a space's visibility leaves the space.
      spaceId: visibility === 'space' ? (input.spaceId ?? row.space_id) : null,
      language: input.language ?? row.language,
      status: input.status ?? row.status,
      topics: input.topics ?? row.topics,
      anonymous: input.anonymous ?? row.anonymous,
      commentsEnabled: input.commentsEnabled ?? row.comments_enabled,
    };
    if (merged.visibility === 'space' && !merged.spaceId) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'spaceId', message: 'validation.storySpace' }]);
    }
    const write = await this.prepare(user, merged);
    const wordsChanged = write.title !== row.title || write.html !== row.html;
    await this.repo.transaction(async (m) => {
      await this.repo.update(m, row.id, write, wordsChanged);
      if (input.consent && input.consent.handbook !== row.consent_handbook) await this.repo.setConsent(m, row.id, input.consent.handbook);
    });
    // Taking handbook consent back takes the story out of every edition not yet published, before we answer.
    if (input.consent?.handbook === false && row.consent_handbook) {
      await this.events.emitAsync(STORY_EVENTS.handbookWithdrawn, { storyId: row.id });
    }
    if (write.status === 'published') {
      this.events.emit(row.status === 'published' ? STORY_EVENTS.updated : STORY_EVENTS.published, { storyId: row.id });
    } else if (row.status === 'published') {
      this.events.emit(STORY_EVENTS.updated, { storyId: row.id });
    }
    return this.get(user, row.id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const row = await this.own(user, id);
    await this.repo.softDelete(row.id);
    // Awaited: the handbook takes the story out of unpublished editions before the answer.
    await this.events.emitAsync(STORY_EVENTS.deleted, { storyId: row.id });
  }

  async react(user: AuthUser, id: string, kind: StoryReaction): Promise<Story> {
    const row = await this.readable(user, id);
    if (!canRespond(viewerOf(user, row), subjectOf(row))) throw new AppError('FORBIDDEN');
    await this.refuseMutedIn(row, user);
    await this.repo.toggleReaction(row.id, user.id, kind);
    return this.get(user, row.id);
  }

  async notePreferences(user: AuthUser): Promise<{ notes: NotePreferences }> {
    const prefs = await this.repo.notePreferences(user.id);
    const notes = Object.fromEntries([...CONTENT_NOTES, OTHER_NOTE].map((n) => [n, prefs.get(n) ?? DEFAULT_NOTE_MODE])) as NotePreferences;
    return { notes };
  }

  async setNotePreferences(user: AuthUser, notes: Record<string, (typeof NOTE_MODES)[number]>): Promise<{ notes: NotePreferences }> {
    await this.repo.setNotePreferences(user.id, notes);
    // Saving counts even when nothing changed: the home's first step is "you chose", not "you changed".
    await this.events.emitAsync(FIRST_STEP_DONE, { userId: user.id, step: 'content_notes' } satisfies FirstStepDone);
    return this.notePreferences(user);
  }

  /** Comments in two levels: a page of top-level comments, each with its first replies. */
  async listComments(user: AuthUser | undefined, storyId: string, q: { limit: number; cursor?: string }): Promise<Page<StoryComment>> {
    const row = await this.readable(user, storyId);
    const viewerId = user?.id ?? null;
    const rows = await this.comments.pageForStory(viewerId, row.id, q.limit + 1, q.cursor ? decodeCursor(q.cursor) : undefined);
    const page = rows.slice(0, q.limit);
    const replies = await this.comments.repliesTo(viewerId, page.map((c) => c.id));
    const hideAuthor = !canSeeAuthor(viewerOf(user, row), subjectOf(row));
    // An anonymous author answering under their own story stays anonymous there too.
    const shown = (c: CommentRow) => {
      const comment = toComment(c, viewerId);
      return hideAuthor && comment.author?.id === row.author_id ? { ...comment, author: null } : comment;
    };
    const top = page.map((c) => ({ ...shown(c), replies: [] as StoryComment[] }));
    const byId = new Map(top.map((c) => [c.id, c]));
    for (const reply of replies) byId.get(reply.reply_to_id!)?.replies.push(shown(reply));
    const last = page[page.length - 1];
    return { items: top, nextCursor: rows.length > q.limit ? encodeCursor(last.created_at, last.id) : null };
  }

  async addComment(user: AuthUser, storyId: string, content: unknown, replyToId: string | null | undefined): Promise<StoryComment> {
    const row = await this.readable(user, storyId);
    if (!canRespond(viewerOf(user, row), subjectOf(row))) throw new AppError('FORBIDDEN');
    if (!row.comments_enabled) throw new AppError('COMMENTS_CLOSED');
    await this.refuseMutedIn(row, user);
    let parent: string | null = null;
    if (replyToId) {
      const target = await this.comments.meta(replyToId);
      if (!target || target.story_id !== row.id || target.deleted_at) throw new AppError('COMMENT_NOT_FOUND');
      // One level of replies: answering a reply answers its thread.
      parent = target.reply_to_id ?? target.id;
    }
    const rich = parseRichText('comment', content);
    if (!rich.text) throw new AppError('VALIDATION_FAILED', [{ path: 'content', message: 'validation.messageEmpty' }]);
    const comment = await this.comments.insert(row.id, user.id, parent, rich.doc, rich.html);
    this.events.emit(STORY_EVENTS.commentCreated, { storyId: row.id, commentId: comment.id });
    return row.anonymous && row.author_id === user.id ? { ...comment, author: null } : comment;
  }

  async editComment(user: AuthUser, storyId: string, commentId: string, content: unknown): Promise<StoryComment> {
    const { story } = await this.ownComment(user, storyId, commentId);
    await this.refuseMutedIn(story, user);
    const rich = parseRichText('comment', content);
    if (!rich.text) throw new AppError('VALIDATION_FAILED', [{ path: 'content', message: 'validation.messageEmpty' }]);
    await this.comments.update(commentId, rich.doc, rich.html);
    return (await this.comments.byId(commentId))!;
  }

  async deleteComment(user: AuthUser, storyId: string, commentId: string): Promise<void> {
    await this.ownComment(user, storyId, commentId);
    await this.comments.softDelete(commentId);
  }

  private async ownComment(user: AuthUser, storyId: string, commentId: string) {
    const story = await this.readable(user, storyId);
    const meta = await this.comments.meta(commentId);
    if (!meta || meta.story_id !== storyId || meta.deleted_at) throw new AppError('COMMENT_NOT_FOUND');
    if (meta.author_id !== user.id) throw new AppError('NOT_YOUR_COMMENT');
    return { meta, story };
  }

  /** Writing under a story shared with a space is writing in that space: a mute there applies. */
  private async refuseMutedIn(story: StoryRow, user: AuthUser): Promise<void> {
    if (story.visibility === 'space' && story.space_id) await this.spaces.refuseMuted(story.space_id, user.id);
  }

  /** A story the caller may read; anything else looks absent. */
  private async readable(user: AuthUser | undefined, id: string): Promise<StoryRow> {
    const row = await this.repo.find(user?.id ?? null, id);
    if (!row || !canRead(viewerOf(user, row), subjectOf(row))) throw new AppError('STORY_NOT_FOUND');
    return row;
  }

  private async own(user: AuthUser, id: string): Promise<StoryRow> {
    const row = await this.readable(user, id);
    if (!canEdit(viewerOf(user, row), subjectOf(row))) throw new AppError('NOT_YOUR_STORY');
    return row;
  }

  /** Validates the document and the space, and derives what is stored. */
  private async prepare(user: AuthUser, input: Omit<StoryWrite, 'html' | 'plainText'>): Promise<StoryWrite> {
    const rich = parseRichText('story', input.content);
    if (input.status === 'published' && !rich.text) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'content', message: 'validation.storyEmpty' }]);
    }
    // Only members can share a story with their space.
    if (input.visibility === 'space' && input.spaceId) {
      await this.spaces.authorize(user, input.spaceId, 'post');
      // Muted there: no publishing into the space (a draft, or taking one's story down, stays possible).
      if (input.status === 'published') await this.spaces.refuseMuted(input.spaceId, user.id);
    }
    return { ...input, content: rich.doc, html: rich.html, plainText: rich.text, contentWarnings: [...new Set(input.contentWarnings)] };
  }

  private toStory(row: StoryRow, user: AuthUser | undefined, prefs: Map<string, NoteMode>, opts: { body: boolean; reveal?: boolean }): Story {
    const viewer = viewerOf(user, row);
    const subject = subjectOf(row);
    const isAuthor = canEdit(viewer, subject);
    const noteMode = noteModeFor(row.content_warnings, prefs);
    const covered = noteMode !== 'show' && !isAuthor && !row.viewer_revealed && !opts.reveal;
    const counts = canSeeReactionCounts(viewer, subject);
    return {
      id: row.id,
      title: row.title,
      ...(!covered && opts.body && { content: row.content, html: row.html }),
      ...(!covered && !opts.body && { excerpt: excerpt(row.plain_text) }),
      contentWarnings: row.content_warnings,
      noteMode,
      covered,
      visibility: row.visibility,
      spaceId: row.space_id,
      language: row.language,
      topics: row.topics,
      status: row.status,
      anonymous: row.anonymous,
      consent: { handbook: row.consent_handbook, updatedAt: row.consent_updated_at?.toISOString() ?? null },
      commentsEnabled: row.comments_enabled,
      author: canSeeAuthor(viewer, subject) && row.author_id && row.author_username
        ? { id: row.author_id, username: row.author_username, displayName: row.author_display_name, nameLookalike: !!row.author_name_lookalike }
        : null,
      isAuthor,
      createdAt: row.created_at.toISOString(),
      publishedAt: row.published_at?.toISOString() ?? null,
      editedAt: row.edited_at?.toISOString() ?? null,
      reactions: STORY_REACTIONS.map((kind) => {
        const found = row.reactions.find((r) => r.kind === kind);
        return { kind, count: counts ? (found?.count ?? 0) : null, mine: found?.mine ?? false };
      }),
      commentCount: row.comment_count,
      moderation: row.moderation_state !== 'visible' ? { state: row.moderation_state, reason: isAuthor ? row.moderation_reason : null } : null,
    };
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : flat;
}
