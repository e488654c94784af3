/**
 * A report about a moderator or an admin: they never learn who made it (the report page promises
 * so), and they cannot decide it themselves — the queue says why with its own error code.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let host: RegisteredUser, moderator: RegisteredUser, reportedAdmin: RegisteredUser, otherAdmin: RegisteredUser, reporter: RegisteredUser;
let spaceId: string;

async function messageBy(who: RegisteredUser, body: string): Promise<string> {
  return (await who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body }).expect(201)).body.message.id;
}
async function reportOf(messageId: string): Promise<string> {
  return (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: messageId, reason: 'harassment', note: 'unkind' }).expect(201)).body.reviewItemId;
}
async function queueItem(who: RegisteredUser, itemId: string): Promise<Json> {
  const queue = (await who.agent.get('/api/moderation/queue').query({ spaceId }).expect(200)).body;
  return queue.items.find((i: Json) => i.id === itemId);
}

beforeAll(async () => {
  api = await startApi();
  [host, moderator, reportedAdmin, otherAdmin, reporter] = await Promise.all(Array.from({ length: 5 }, () => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = ANY($1::uuid[])`, [[reportedAdmin.user.id, otherAdmin.user.id]]);
  spaceId = (await host.agent.post('/api/spaces').send({ name: 'Keepers slip', description: 'Peers', visibility: 'public' }).expect(201)).body.id;
  for (const who of [moderator, reportedAdmin, reporter]) await who.agent.post(`/api/spaces/${spaceId}/join`).send({ acceptGuidelines: true }).expect(200);
  await host.agent.patch(`/api/spaces/${spaceId}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
}, 60_000);
afterAll(() => api?.stop());

it('an admin reported in a space sees the report without the reporter and cannot act on it; another admin sees who reported', async () => {
  const itemId = await reportOf(await messageBy(reportedAdmin, 'an admin being rude'));

  const own = await queueItem(reportedAdmin, itemId);
  expect(own).toMatchObject({ aboutYou: true, reports: [expect.objectContaining({ reason: 'harassment', note: 'unkind' })] });
  const platformQueue = JSON.stringify((await reportedAdmin.agent.get('/api/moderation/queue').expect(200)).body);
  for (const secret of [reporter.user.username, reporter.user.id]) {
    expect(JSON.stringify(own)).not.toContain(secret);
    expect(platformQueue).not.toContain(secret);
  }

  const other = await queueItem(otherAdmin, itemId);
  expect(other.aboutYou).toBe(false);
  expect(other.reports[0].reporter).toBe(reporter.user.username);

  for (const action of ['dismiss', 'hide', 'suspend']) {
    expectProblem(await reportedAdmin.agent.post(`/api/moderation/items/${itemId}/resolve`).send({ action, note: 'not me' }), 403, 'REPORT_ABOUT_YOU');
  }
  const [row] = await api.sql<Json>('SELECT status FROM review_items WHERE id = $1', [itemId]);
  expect(row.status).toBe('open');
});

it('a reported moderator sees the item marked as about them, with no reporter, and cannot dismiss it', async () => {
  const itemId = await reportOf(await messageBy(moderator, 'a moderator being rude'));
  const own = await queueItem(moderator, itemId);
  expect(own.aboutYou).toBe(true);
  expect(JSON.stringify(own)).not.toContain(reporter.user.username);
  const res = await moderator.agent.post(`/api/moderation/items/${itemId}/resolve`).send({ action: 'dismiss', note: 'nothing here' });
  expectProblem(res, 403, 'REPORT_ABOUT_YOU');
  expect((await queueItem(host, itemId)).aboutYou).toBe(false);
});
