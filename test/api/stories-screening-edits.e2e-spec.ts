/**
 * What moderators hid or removed stays that way when its author edits it: an edited story or
 * comment does not come back to readers, nor does the edit reveal its words to them.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let admin: RegisteredUser;
const doc = (words: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: words }] }] });

beforeAll(async () => {
  api = await startApi();
  admin = await registerUser(api.url);
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
});
afterAll(() => api?.stop());

async function moderate(reporter: RegisteredUser, targetType: string, targetId: string, action: 'hide' | 'remove') {
  const item = (await reporter.agent.post('/api/reports').send({ targetType, targetId, reason: 'harassment' }).expect(201)).body.reviewItemId;
  await admin.agent.post(`/api/moderation/items/${item}/resolve`).send({ action, note: 'STORY-REASON' }).expect(200);
}

it('an edited story that moderators removed stays removed for readers', async () => {
  const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
  const story = (await author.agent.post('/api/stories').send({ title: 'Where he sleeps', content: doc('harmful words'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201)).body;
  await moderate(reader, 'story', story.id, 'remove');
  const edited = (await author.agent.patch(`/api/stories/${story.id}`).send({ title: 'Edited title', content: doc('EDITED-STORY-WORDS') }).expect(200)).body as Json;
  expect(edited.moderation).toEqual({ state: 'removed', reason: 'STORY-REASON' });
  expectProblem(await reader.agent.get(`/api/stories/${story.id}`), 404, 'STORY_NOT_FOUND');
  const listed = (await reader.agent.get('/api/stories').query({ limit: 100 }).expect(200)).body.items as Json[];
  expect(listed.map((s) => s.id)).not.toContain(story.id);
  expect(JSON.stringify(listed)).not.toContain('EDITED-STORY-WORDS');
});

it('an edited comment that moderators hid stays a tombstone for readers', async () => {
  const [author, reader, storyteller] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
  const story = (await storyteller.agent.post('/api/stories').send({ title: 'My path', content: doc('It was hard.'), contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201)).body;
  const comment = (await author.agent.post(`/api/stories/${story.id}/comments`).send({ content: doc('rude words') }).expect(201)).body;
  await moderate(reader, 'comment', comment.id, 'hide');
  await author.agent.patch(`/api/stories/${story.id}/comments/${comment.id}`).send({ content: doc('EDITED-COMMENT-WORDS') }).expect(200);
  const seen = (await reader.agent.get(`/api/stories/${story.id}/comments`).expect(200)).body;
  expect(JSON.stringify(seen)).not.toContain('EDITED-COMMENT-WORDS');
  expect(seen.items).toEqual([expect.objectContaining({ id: comment.id, content: null, html: '' })]);
});

it('a member muted in a space can neither publish nor edit a story shared with it, nor comment under one', async () => {
  const [host, muted, reporter] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
  const space = (await host.agent.post('/api/spaces').send({ name: `Story circle ${crypto.randomUUID().slice(0, 6)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  for (const who of [muted, reporter]) await who.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
  const shared = { contentWarnings: [], visibility: 'space', spaceId: space.id, language: 'en', status: 'published' };
  const own = (await muted.agent.post('/api/stories').send({ title: 'Before the mute', content: doc('fine words'), ...shared }).expect(201)).body;
  const others = (await reporter.agent.post('/api/stories').send({ title: 'Someone else’s', content: doc('their words'), ...shared }).expect(201)).body;

  const message = (await muted.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'rude' }).expect(201)).body.message;
  const item = (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: message.id, reason: 'harassment' }).expect(201)).body.reviewItemId;
  await host.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'mute', note: 'cool off', until: new Date(Date.now() + 3_600_000).toISOString() }).expect(200);

  expectProblem(await muted.agent.post('/api/stories').send({ title: 'Through a story', content: doc('MUTED-WORDS'), ...shared }), 403, 'MUTED');
  expectProblem(await muted.agent.patch(`/api/stories/${own.id}`).send({ content: doc('MUTED-WORDS') }), 403, 'MUTED');
  expectProblem(await muted.agent.post(`/api/stories/${others.id}/comments`).send({ content: doc('MUTED-WORDS') }), 403, 'MUTED');
  const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM stories WHERE plain_text LIKE '%MUTED-WORDS%'`);
  const [{ c }] = await api.sql<{ c: number }>(`SELECT count(*)::int AS c FROM story_comments WHERE html LIKE '%MUTED-WORDS%'`);
  expect({ n, c }).toEqual({ n: 0, c: 0 });
  // Taking their own story down stays possible.
  await muted.agent.patch(`/api/stories/${own.id}`).send({ status: 'draft' }).expect(200);
});
