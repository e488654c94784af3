/**
 * What the review queue and the notifications say (issue 12, words): a moderator sees whose words
 * were reported (never who reported them), and the person acted on gets a notification of a kind
 * the web has a sentence for.
 */
import { NOTIFICATION_KINDS } from '@sorstars/shared';
import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connectAndJoin } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

let api: TestApi;
let host: RegisteredUser;
let moderator: RegisteredUser;

beforeAll(async () => {
  api = await startApi();
  [host, moderator] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

it('shows moderators the author of a reported message, not the reporter, and tells the author in words', async () => {
  const [author, reporter] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
  const s = (await host.agent.post('/api/spaces').send({ name: `Words ${crypto.randomUUID().slice(0, 8)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  for (const who of [moderator, author, reporter]) await who.agent.post(`/api/spaces/${s.id}/join`).send({ acceptGuidelines: true }).expect(200);
  await host.agent.patch(`/api/spaces/${s.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
  const socket = await connectAndJoin(api.url, author, s.id);
  const ack = await call(socket, 'message:send', { spaceId: s.id, clientId: crypto.randomUUID(), body: 'You lot are useless' });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  const itemId = (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: ack.message.id, reason: 'harassment' }).expect(201)).body.reviewItemId;

  const queue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items;
  const item = queue.find((i: { id: string }) => i.id === itemId);
  expect(item.target).toEqual(expect.objectContaining({ excerpt: 'You lot are useless', authorId: author.user.id, author: author.user.username }));
  expect(JSON.stringify(item)).not.toContain(reporter.user.username);

  await moderator.agent.post(`/api/moderation/items/${itemId}/resolve`).send({ action: 'hide', note: 'Please be kind' }).expect(200);
  const told = (await author.agent.get('/api/me/notifications').expect(200)).body.items;
  expect(told).toEqual([expect.objectContaining({ kind: 'moderation.hide', data: expect.objectContaining({ reason: 'Please be kind' }) })]);
  expect(NOTIFICATION_KINDS).toContain(told[0].kind);
}, 60_000);
