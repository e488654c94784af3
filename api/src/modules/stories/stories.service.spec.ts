import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { NoteMode, StoryComment } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import type { SpacesService } from '../spaces/spaces.service.js';
import type { CommentsRepository } from './comments.repository.js';
import type { StoriesRepository, StoryRow, StoryWrite } from './stories.repository.js';
import { noteModeFor, STORY_EVENTS, StoriesService } from './stories.service.js';

const user = (id: string): AuthUser => ({ id, username: id, displayName: null, locale: 'en', roles: ['member'], via: 'session', credentialId: 'c' });
const doc = (words: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: words }] }] });

/** Just enough of StoriesRepository: rows in a map, written the way the SQL writes them. */
class FakeStories {
  rows = new Map<string, StoryRow>();
  transaction = <T>(work: (m: never) => Promise<T>) => work(undefined as never);
  find = async (_viewer: string | null, id: string) => {
    const row = this.rows.get(id);
    return row && !row.deleted_at ? { ...row } : null;
  };
  insert = async (_m: unknown, authorId: string, w: StoryWrite, consent: boolean) => {
    const id = randomUUID();
    const now = new Date();
    this.rows.set(id, {
      id, author_id: authorId, author_username: authorId, author_display_name: null, author_name_lookalike: false, title: w.title, content: w.content, html: w.html,
      plain_text: w.plainText, content_warnings: w.contentWarnings, visibility: w.visibility, space_id: w.spaceId, language: w.language,
      topics: w.topics, status: w.status, anonymous: w.anonymous, consent_handbook: consent, consent_updated_at: now,
      comments_enabled: w.commentsEnabled, published_at: w.status === 'published' ? now : null, edited_at: null, created_at: now,
      deleted_at: null, viewer_space_role: null, viewer_revealed: false, reactions: [], comment_count: 0, moderation_state: 'visible', moderation_reason: null,
    });
    return id;
  };
  update = async (_m: unknown, id: string, w: StoryWrite, wordsChanged: boolean) => {
    const row = this.rows.get(id)!;
    Object.assign(row, {
      title: w.title, content: w.content, html: w.html, plain_text: w.plainText, status: w.status, comments_enabled: w.commentsEnabled,
      edited_at: row.status === 'published' && wordsChanged ? new Date() : row.edited_at,
      published_at: w.status === 'published' ? (row.published_at ?? new Date()) : row.published_at,
    });
  };
  setConsent = async () => undefined;
  softDelete = async (id: string) => void (this.rows.get(id)!.deleted_at = new Date());
  notePreferences = async () => new Map<string, NoteMode>();
}

class FakeComments {
  rows: StoryComment[] = [];
  meta = async (id: string) => {
    const c = this.rows.find((r) => r.id === id);
    return c ? { id: c.id, story_id: c.storyId, author_id: c.author?.id ?? null, reply_to_id: c.replyToId, deleted_at: null } : null;
  };
  insert = async (storyId: string, authorId: string, replyToId: string | null, content: unknown, html: string) => {
    const c: StoryComment = {
      id: randomUUID(), storyId, replyToId, author: { id: authorId, username: authorId, displayName: null }, content, html,
      createdAt: new Date().toISOString(), editedAt: null, deletedAt: null,
    };
    this.rows.push(c);
    return c;
  };
}

function setup() {
  const events = new EventEmitter2();
  const emitted: [string, unknown][] = [];
  events.onAny((name, payload) => void emitted.push([name as string, payload]));
  const repo = new FakeStories();
  const comments = new FakeComments();
  const spaces = { authorize: async () => ({}) };
  const service = new StoriesService(repo as unknown as StoriesRepository, comments as unknown as CommentsRepository, spaces as unknown as SpacesService, events);
  return { service, repo, comments, emitted };
}

const input = (over: Record<string, unknown> = {}) =>
  ({ title: 'A title', content: doc('Some words.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published', ...over }) as never;

describe('StoriesService events', () => {
  const alice = user('alice');
  const bob = user('bob');

  it('story.published when created as published; nothing for a draft', async () => {
    const { service, emitted } = setup();
    const story = await service.create(alice, input());
    expect(emitted).toEqual([[STORY_EVENTS.published, { storyId: story.id }]]);
    await service.create(alice, input({ status: 'draft' }));
    expect(emitted).toHaveLength(1);
  });

  it('story.published on the first publish, story.updated on editing a published story', async () => {
    const { service, emitted } = setup();
    const draft = await service.create(alice, input({ status: 'draft' }));
    await service.update(alice, draft.id, { content: doc('Autosaved.') } as never);
    expect(emitted).toEqual([]);

    await service.update(alice, draft.id, { status: 'published' } as never);
    expect(emitted).toEqual([[STORY_EVENTS.published, { storyId: draft.id }]]);

    const edited = await service.update(alice, draft.id, { content: doc('Rewritten.') } as never);
    expect(edited.editedAt).not.toBeNull();
    expect(emitted.slice(1)).toEqual([[STORY_EVENTS.updated, { storyId: draft.id }]]);

    // Unpublishing is an update too: listeners take it out of search.
    await service.update(alice, draft.id, { status: 'draft' } as never);
    expect(emitted.slice(2)).toEqual([[STORY_EVENTS.updated, { storyId: draft.id }]]);
  });

  it('story.deleted on delete, and only for the author', async () => {
    const { service, emitted } = setup();
    const story = await service.create(alice, input());
    emitted.length = 0;
    await expect(service.remove(bob, story.id)).rejects.toMatchObject({ code: 'NOT_YOUR_STORY' });
    expect(emitted).toEqual([]);
    await service.remove(alice, story.id);
    expect(emitted).toEqual([[STORY_EVENTS.deleted, { storyId: story.id }]]);
  });

  it('comment.created for a new comment; none when the comment is refused', async () => {
    const { service, emitted } = setup();
    const story = await service.create(alice, input());
    emitted.length = 0;
    const comment = await service.addComment(bob, story.id, doc('Thank you.'), null);
    expect(emitted).toEqual([[STORY_EVENTS.commentCreated, { storyId: story.id, commentId: comment.id }]]);
    await expect(service.addComment(bob, story.id, { type: 'doc', content: [{ type: 'heading', attrs: { level: 2 } }] }, null)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(emitted).toHaveLength(1);
  });

  it('a reply to a reply is stored under the top comment', async () => {
    const { service, comments } = setup();
    const story = await service.create(alice, input());
    const top = await service.addComment(bob, story.id, doc('Top.'), null);
    const reply = await service.addComment(alice, story.id, doc('Reply.'), top.id);
    const deeper = await service.addComment(bob, story.id, doc('Deeper.'), reply.id);
    expect(comments.rows.find((c) => c.id === deeper.id)?.replyToId).toBe(top.id);
  });
});

describe('noteModeFor', () => {
  const prefs = (entries: Record<string, NoteMode>) => new Map(Object.entries(entries));

  it.each([
    [[], {}, 'show'],
    [['violence'], {}, 'blur'],
    [['violence'], { violence: 'show' }, 'show'],
    [['violence', 'loss'], { violence: 'show' }, 'blur'],
    [['violence', 'loss'], { violence: 'show', loss: 'hide' }, 'hide'],
    [['violence', 'loss'], { violence: 'hide', loss: 'show' }, 'hide'],
    [['my own words'], { other: 'show' }, 'show'],
    [['my own words'], { other: 'hide', violence: 'show' }, 'hide'],
    [['my own words', 'violence'], { other: 'show', violence: 'show' }, 'show'],
    [['my own words', 'violence'], { other: 'blur', violence: 'show' }, 'blur'],
  ] as [string[], Record<string, NoteMode>, NoteMode][])('%j with %j is %s', (warnings, settings, mode) => {
    expect(noteModeFor(warnings, prefs(settings))).toBe(mode);
  });
});
