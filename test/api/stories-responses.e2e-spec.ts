/**
 * Stories: supportive reactions (toggled, counts for the author only) and comments (one level of
 * replies, edit and delete by their author, tombstones, closing comments, blocks).
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Story = Record<string, any>;
type Node = Record<string, unknown>;

let api: TestApi;
let author: RegisteredUser;
let reader: RegisteredUser;
let other: RegisteredUser;

const text = (t: string, marks?: Node[]): Node => ({ type: 'text', text: t, ...(marks && { marks }) });
const para = (...content: (string | Node)[]): Node => ({ type: 'paragraph', content: content.map((c) => (typeof c === 'string' ? text(c) : c)) });
const doc = (...content: Node[]) => ({ type: 'doc', content });
const says = (words: string) => ({ content: doc(para(words)) });
const storyBody = (over: Record<string, unknown> = {}) => ({
  title: 'Leaving care at eighteen',
  content: doc(para('Nobody told me about the rent deposit.')),
  contentWarnings: [],
  visibility: 'public',
  language: 'en',
  status: 'published',
  ...over,
});
async function create(who: RegisteredUser, over: Record<string, unknown> = {}): Promise<Story> {
  const res = await who.agent.post('/api/stories').send(storyBody(over));
  if (res.status !== 201) throw new Error(`create story answered ${res.status}: ${res.text}`);
  return res.body;
}
const count = async (table: string) => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
const reactions = (story: Story) => Object.fromEntries(story.reactions.map((r: { kind: string; count: number | null; mine: boolean }) => [r.kind, [r.count, r.mine]]));

beforeAll(async () => {
  api = await startApi();
  [author, reader, other] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
});
afterAll(() => api?.stop());

describe('reactions', () => {
  it('toggle on and off; readers see only their own, the author sees the counts', async () => {
    const story = await create(author);
    const react = (who: RegisteredUser, kind: string) => who.agent.post(`/api/stories/${story.id}/reactions`).send({ kind }).expect(200);

    const on = (await react(reader, 'relate')).body;
    expect(on.id).toBe(story.id);
    expect(reactions(on)).toEqual({ relate: [null, true], thanks: [null, false], strength: [null, false] });
    await react(other, 'relate');
    await react(other, 'thanks');
    expect(reactions((await author.agent.get(`/api/stories/${story.id}`).expect(200)).body)).toEqual({
      relate: [2, false],
      thanks: [1, false],
      strength: [0, false],
    });

    const off = (await react(reader, 'relate')).body;
    expect(reactions(off)).toEqual({ relate: [null, false], thanks: [null, false], strength: [null, false] });
    expect(reactions((await author.agent.get(`/api/stories/${story.id}`).expect(200)).body).relate).toEqual([1, false]);
    // Nor do lists or visitors learn the counts.
    const listed = (await reader.agent.get('/api/stories?limit=100').expect(200)).body.items.find((s: Story) => s.id === story.id);
    expect(listed.reactions.every((r: { count: unknown }) => r.count === null)).toBe(true);
    const seen = (await request(api.url).get(`/api/stories/${story.id}`).expect(200)).body;
    expect(seen.reactions.every((r: { count: unknown; mine: boolean }) => r.count === null && !r.mine)).toBe(true);
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM story_reactions WHERE story_id = $1`, [story.id]);
    expect(n).toBe(2);
  });

  it.each([
    ['an unknown kind', { kind: 'like' }, 'kind'],
    ['a downvote', { kind: 'dislike' }, 'kind'],
    ['no kind', {}, 'kind'],
    ['an extra field', { kind: 'thanks', count: 5 }, 'count'],
  ])('%s: 422 and nothing stored', async (_, body, path) => {
    const story = await create(author);
    const before = await count('story_reactions');
    expectFieldError(await reader.agent.post(`/api/stories/${story.id}/reactions`).send(body), path);
    expect(await count('story_reactions')).toBe(before);
  });

  it('visitors get 401; drafts, deleted and unreadable stories 404', async () => {
    const story = await create(author);
    const before = await count('story_reactions');
    expectProblem(await request(api.url).post(`/api/stories/${story.id}/reactions`).send({ kind: 'thanks' }), 401, 'UNAUTHENTICATED');

    const draft = await create(author, { status: 'draft' });
    const gone = await create(author);
    await author.agent.delete(`/api/stories/${gone.id}`).expect(204);
    const host = await registerUser(api.url);
    const spaceId = (await host.agent.post('/api/spaces').send({ name: 'Care leavers', description: 'x', visibility: 'public' }).expect(201)).body.id;
    const inSpace = await create(host, { visibility: 'space', spaceId });
    for (const id of [draft.id, gone.id, inSpace.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      expectProblem(await reader.agent.post(`/api/stories/${id}/reactions`).send({ kind: 'thanks' }), 404, 'STORY_NOT_FOUND');
    }
    expect(await count('story_reactions')).toBe(before);
  });
});

describe('comments', () => {
  const list = async (who: RegisteredUser | null, storyId: string) =>
    (await (who ? who.agent : request(api.url)).get(`/api/stories/${storyId}/comments`).expect(200)).body.items as Story[];
  const post = (who: RegisteredUser, storyId: string, body: Record<string, unknown>) => who.agent.post(`/api/stories/${storyId}/comments`).send(body);
  /** The count the stories list shows for a story (the newest stories, so it is on the first page). */
  const listedCount = async (who: RegisteredUser | null, storyId: string) => {
    const items = (await (who ? who.agent : request(api.url)).get('/api/stories?limit=50').expect(200)).body.items as Story[];
    return items.find((s) => s.id === storyId)?.commentCount;
  };

  it('one level of replies: a reply to a reply joins the top comment', async () => {
    const story = await create(author);
    const top = (await post(reader, story.id, says('Thank you for writing this.')).expect(201)).body;
    expect(top).toMatchObject({
      storyId: story.id,
      replyToId: null,
      author: { id: reader.user.id, username: reader.user.username },
      html: '<p>Thank you for writing this.</p>',
      editedAt: null,
      deletedAt: null,
    });
    const reply = (await post(author, story.id, { ...says('It means a lot.'), replyToId: top.id }).expect(201)).body;
    expect(reply.replyToId).toBe(top.id);
    const replyToReply = (await post(other, story.id, { ...says('Same for me.'), replyToId: reply.id }).expect(201)).body;
    expect(replyToReply.replyToId).toBe(top.id);
    const second = (await post(other, story.id, says('A second thread.')).expect(201)).body;

    const items = await list(null, story.id);
    expect(items.map((c) => [c.id, c.replies.map((r: Story) => r.id)])).toEqual([
      [top.id, [reply.id, replyToReply.id]],
      [second.id, []],
    ]);
    expect(items[0].replies[0].author.id).toBe(author.user.id);
    expect((await reader.agent.get(`/api/stories/${story.id}`).expect(200)).body.commentCount).toBe(4);
  });

  it('replying to a comment that does not exist, is deleted or is under another story: 404, nothing stored', async () => {
    const story = await create(author);
    const elsewhere = await create(author);
    const foreign = (await post(reader, elsewhere.id, says('Elsewhere.')).expect(201)).body;
    const deleted = (await post(reader, story.id, says('Soon gone.')).expect(201)).body;
    await reader.agent.delete(`/api/stories/${story.id}/comments/${deleted.id}`).expect(204);
    const before = await count('story_comments');
    for (const replyToId of ['00000000-0000-4000-8000-000000000000', foreign.id, deleted.id]) {
      expectProblem(await post(other, story.id, { ...says('Hello?'), replyToId }), 404, 'COMMENT_NOT_FOUND');
    }
    expectFieldError(await post(other, story.id, { ...says('Hello?'), replyToId: 'not-a-uuid' }), 'replyToId');
    expect(await count('story_comments')).toBe(before);
  });

  it('only the comment’s author edits or deletes it (403 NOT_YOUR_COMMENT); a deleted one leaves a tombstone', async () => {
    const story = await create(author);
    const mine = (await post(reader, story.id, says('First version.')).expect(201)).body;
    const reply = (await post(other, story.id, { ...says('A reply.'), replyToId: mine.id }).expect(201)).body;

    for (const who of [other, author]) {
      expectProblem(await who.agent.patch(`/api/stories/${story.id}/comments/${mine.id}`).send(says('Hijacked.')), 403, 'NOT_YOUR_COMMENT');
      expectProblem(await who.agent.delete(`/api/stories/${story.id}/comments/${mine.id}`), 403, 'NOT_YOUR_COMMENT');
    }
    expectProblem(await request(api.url).delete(`/api/stories/${story.id}/comments/${mine.id}`), 401, 'UNAUTHENTICATED');

    const edited = (await reader.agent.patch(`/api/stories/${story.id}/comments/${mine.id}`).send(says('Second version.')).expect(200)).body;
    expect(edited).toMatchObject({ id: mine.id, html: '<p>Second version.</p>', editedAt: expect.any(String) });
    expect((await list(other, story.id))[0]).toMatchObject({ html: '<p>Second version.</p>', editedAt: edited.editedAt });

    await reader.agent.delete(`/api/stories/${story.id}/comments/${mine.id}`).expect(204);
    const [tombstone] = await list(other, story.id);
    expect(tombstone).toMatchObject({ id: mine.id, content: null, html: '', deletedAt: expect.any(String) });
    expect(JSON.stringify(tombstone)).not.toContain('version');
    expect(tombstone.replies.map((r: Story) => r.id)).toEqual([reply.id]);
    expect((await reader.agent.get(`/api/stories/${story.id}`).expect(200)).body.commentCount).toBe(1);
    expect(await listedCount(other, story.id)).toBe(1);

    expectProblem(await reader.agent.patch(`/api/stories/${story.id}/comments/${mine.id}`).send(says('Back again.')), 404, 'COMMENT_NOT_FOUND');
    expectProblem(await reader.agent.delete(`/api/stories/${story.id}/comments/${mine.id}`), 404, 'COMMENT_NOT_FOUND');
    // Addressed through another story, a comment is not found either.
    const elsewhere = await create(author);
    expectProblem(await other.agent.delete(`/api/stories/${elsewhere.id}/comments/${reply.id}`), 404, 'COMMENT_NOT_FOUND');
    expectProblem(await other.agent.delete(`/api/stories/${story.id}/comments/not-a-uuid`), 404, 'COMMENT_NOT_FOUND');
  });

  it('when the author turns comments off: 409 COMMENTS_CLOSED, nothing stored; on again, comments are welcome', async () => {
    const story = await create(author);
    const earlier = (await post(reader, story.id, says('Before closing.')).expect(201)).body;
    const closed = await author.agent.patch(`/api/stories/${story.id}`).send({ commentsEnabled: false }).expect(200);
    expect(closed.body.commentsEnabled).toBe(false);
    const before = await count('story_comments');
    expectProblem(await post(other, story.id, says('Too late.')), 409, 'COMMENTS_CLOSED');
    expectProblem(await post(other, story.id, { ...says('Too late.'), replyToId: earlier.id }), 409, 'COMMENTS_CLOSED');
    expectProblem(await post(author, story.id, says('Even me.')), 409, 'COMMENTS_CLOSED');
    expect(await count('story_comments')).toBe(before);
    expect((await list(other, story.id)).map((c) => c.id)).toEqual([earlier.id]);

    const fresh = await create(author, { commentsEnabled: false });
    expectProblem(await post(reader, fresh.id, says('Hi.')), 409, 'COMMENTS_CLOSED');

    await author.agent.patch(`/api/stories/${story.id}`).send({ commentsEnabled: true }).expect(200);
    await post(other, story.id, says('Open again.')).expect(201);
  });

  it.each([
    ['a heading', () => doc({ type: 'heading', attrs: { level: 2 }, content: [text('Loud')] }), 'content.content[0].type'],
    ['a list', () => doc({ type: 'bulletList', content: [{ type: 'listItem', content: [para('x')] }] }), 'content.content[0].type'],
    ['a blockquote', () => doc({ type: 'blockquote', content: [para('x')] }), 'content.content[0].type'],
    ['an image', () => doc({ type: 'image', attrs: { src: 'https://example.com/x.png' } }), 'content.content[0].type'],
    ['a javascript: link', () => doc(para(text('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]))), 'content.content[0].content[0].marks[0].attrs.href'],
    ['an unknown mark', () => doc(para(text('x', [{ type: 'strike' }]))), 'content.content[0].content[0].marks[0].type'],
    ['no words', () => doc({ type: 'paragraph' }), 'content'],
    ['a string', () => '<p>hello</p>', 'content'],
    ['over 100 kB', () => doc(para('y'.repeat(100_001))), 'content'],
  ])('a comment with %s: 422 naming the path, nothing stored', async (_, content, path) => {
    const story = await create(author);
    const before = await count('story_comments');
    expectFieldError(await post(reader, story.id, { content: content() }), path);
    expect(await count('story_comments')).toBe(before);
  });

  it('an invalid edit leaves the comment as it was', async () => {
    const story = await create(author);
    const c = (await post(reader, story.id, says('Kept.')).expect(201)).body;
    expectFieldError(
      await reader.agent.patch(`/api/stories/${story.id}/comments/${c.id}`).send({ content: doc({ type: 'heading', attrs: { level: 2 }, content: [text('x')] }) }),
      'content.content[0].type',
    );
    expectFieldError(await reader.agent.patch(`/api/stories/${story.id}/comments/${c.id}`).send({ ...says('x'), replyToId: null }), 'replyToId');
    expect((await list(reader, story.id))[0]).toMatchObject({ html: '<p>Kept.</p>', editedAt: null });
  });

  it('visitors read comments on public stories but cannot post (401); unreadable stories are 404', async () => {
    const story = await create(author);
    await post(reader, story.id, says('Visible.')).expect(201);
    expect((await list(null, story.id)).map((c) => c.html)).toEqual(['<p>Visible.</p>']);
    expectProblem(await request(api.url).post(`/api/stories/${story.id}/comments`).send(says('x')), 401, 'UNAUTHENTICATED');

    const members = await create(author, { visibility: 'members' });
    expectProblem(await request(api.url).get(`/api/stories/${members.id}/comments`), 404, 'STORY_NOT_FOUND');
    await list(reader, members.id);
    const draft = await create(author, { status: 'draft' });
    expectProblem(await reader.agent.get(`/api/stories/${draft.id}/comments`), 404, 'STORY_NOT_FOUND');
    expectProblem(await post(reader, draft.id, says('x')), 404, 'STORY_NOT_FOUND');
  });

  it('the kept count follows a comment written, deleted, restored and purged', async () => {
    const story = await create(author);
    const kept = async () => (await api.sql<{ n: number }>(`SELECT coalesce((SELECT n FROM story_comment_counts WHERE story_id = $1), 0) AS n`, [story.id]))[0].n;
    const first = (await post(reader, story.id, says('One.')).expect(201)).body;
    await post(other, story.id, says('Two.')).expect(201);
    expect([await kept(), await listedCount(author, story.id)]).toEqual([2, 2]);
    await reader.agent.delete(`/api/stories/${story.id}/comments/${first.id}`).expect(204);
    expect([await kept(), await listedCount(author, story.id)]).toEqual([1, 1]);
    // Restored (as a moderator's undo would) and purged for good: each moves the count once.
    await api.sql(`UPDATE story_comments SET deleted_at = NULL WHERE id = $1`, [first.id]);
    expect(await kept()).toBe(2);
    await api.sql(`UPDATE story_comments SET deleted_at = now() WHERE id = $1`, [first.id]);
    await api.sql(`DELETE FROM story_comments WHERE id = $1`, [first.id]);
    expect(await kept()).toBe(1);
    // Many in one statement (an import, a purge) are counted together, once per story.
    await api.sql(
      `INSERT INTO story_comments (story_id, author_id, content, html) SELECT $1, $2, '{}', '<p>x</p>' FROM generate_series(1, 3)`,
      [story.id, other.user.id],
    );
    expect([await kept(), await listedCount(null, story.id)]).toEqual([4, 4]);
    await api.sql(`UPDATE story_comments SET deleted_at = now() WHERE story_id = $1 AND author_id = $2`, [story.id, other.user.id]);
    expect(await kept()).toBe(0);
    await api.sql(`DELETE FROM story_comments WHERE story_id = $1`, [story.id]);
    expect([await kept(), await listedCount(null, story.id)]).toEqual([0, 0]);
    await author.agent.delete(`/api/stories/${story.id}`).expect(204);
  });

  it('blocked people’s comments are hidden from the blocker only', async () => {
    const blocker = await registerUser(api.url);
    const story = await create(author);
    const rude = (await post(other, story.id, says('Something unkind.')).expect(201)).body;
    const kind = (await post(reader, story.id, says('Something kind.')).expect(201)).body;
    const replyByBlocked = (await post(other, story.id, { ...says('More unkindness.'), replyToId: kind.id }).expect(201)).body;

    await blocker.agent.post(`/api/users/${other.user.id}/block`).expect(204);

    const seenByBlocker = await list(blocker, story.id);
    expect(seenByBlocker.map((c) => c.id)).toEqual([kind.id]);
    expect(seenByBlocker[0].replies).toEqual([]);
    expect(JSON.stringify(seenByBlocker)).not.toContain(other.user.id);
    expect((await blocker.agent.get(`/api/stories/${story.id}`).expect(200)).body.commentCount).toBe(1);
    expect(await listedCount(blocker, story.id)).toBe(1);

    const seenByReader = await list(reader, story.id);
    expect(seenByReader.map((c) => c.id)).toEqual([rude.id, kind.id]);
    expect(seenByReader[1].replies.map((r: Story) => r.id)).toEqual([replyByBlocked.id]);
    expect((await reader.agent.get(`/api/stories/${story.id}`).expect(200)).body.commentCount).toBe(3);
    expect(await listedCount(reader, story.id)).toBe(3);
    expect(await listedCount(null, story.id)).toBe(3);

    await blocker.agent.delete(`/api/users/${other.user.id}/block`).expect(204);
    expect((await list(blocker, story.id)).map((c) => c.id)).toEqual([rude.id, kind.id]);
  });
});
