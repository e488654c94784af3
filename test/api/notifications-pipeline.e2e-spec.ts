import { startApi, type TestApi } from '../support/api-server.js';
import { closeAllSockets, connect, connectAndJoin, createSpace, nextEvent, send, call, sleep } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The pipeline end to end: a row first, then deliveries from the Postgres queue, each checked
 * again just before it goes. Pushes wait 1.5 s here (NOTIFY_PUSH_DELAY_MS) and a conversation gets
 * one push per 3 s (NOTIFY_CONVERSATION_WINDOW_MS); no Web Push device is subscribed, so a push
 * that passes every rule ends as sent to nobody — what is asserted is which ones pass.
 */
const env = { NOTIFY_PUSH_DELAY_MS: '1500', NOTIFY_CONVERSATION_WINDOW_MS: '3000', NOTIFY_INTERVAL_MS: '200', CHAT_SEND_LIMIT: '1000' };
let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env });
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

type Delivery = { channel: string; status: string; reason: string | null; kind: string };
const deliveries = (userId: string, messageId: string) =>
  api.sql<Delivery>(
    `SELECT d.channel, d.status, d.reason, n.kind FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE d.user_id = $1 AND n.subject_id = $2 ORDER BY d.channel`,
    [userId, messageId],
  );

/** Someone who was last seen an hour ago, with quiet hours far from now (the tests run at any hour). */
async function awayPerson(): Promise<RegisteredUser> {
  const who = await registerUser(api.url);
  const h = (new Date().getUTCHours() + 6) % 24;
  const hh = (n: number) => String(n % 24).padStart(2, '0');
  await who.agent.put('/api/notifications/preferences').send({ quietHours: { from: `${hh(h)}:00`, to: `${hh(h + 1)}:00`, timezone: 'UTC' } }).expect(200);
  await goAway(who);
  return who;
}
const goAway = (who: RegisteredUser) =>
  api.sql(`INSERT INTO user_activity (user_id, last_active_at) VALUES ($1, now() - interval '1 hour') ON CONFLICT (user_id) DO UPDATE SET last_active_at = excluded.last_active_at`, [who.user.id]);

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await sleep(100);
  }
}

it('a mention is a row first, then live to every socket of the person with their unread count', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const carol = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob, carol]);
  const a = await connectAndJoin(api.url, alice, space.id);
  const b = await connect(api.url, { cookie: bob.cookie });
  const live = nextEvent(b, 'notification:new');
  const msg = await send(a, space.id, `hello @${bob.user.username}`);
  const got = await live;
  expect(got.notification).toEqual(expect.objectContaining({ kind: 'chat.mention', readAt: null, data: expect.objectContaining({ messageId: msg.id, spaceId: space.id }) }));
  expect(got.unread).toBe(1);
  const list = await bob.agent.get('/api/notifications').expect(200);
  expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([got.notification.id]);
  expect(list.body.unread).toBe(1);
  // Carol was not mentioned, and a group space defaults to mentions and replies.
  expect((await carol.agent.get('/api/notifications').expect(200)).body.items).toEqual([]);
  const inApp = await until(() => deliveries(bob.user.id, msg.id), (d) => d.some((x) => x.channel === 'in_app' && x.status === 'sent'));
  expect(inApp.filter((d) => d.channel === 'in_app')).toEqual([expect.objectContaining({ status: 'sent' })]);
});

it('a reply notifies the author of the message replied to; an edit that adds a mention notifies the newly mentioned once', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const carol = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob, carol]);
  const a = await connectAndJoin(api.url, alice, space.id);
  const b = await connectAndJoin(api.url, bob, space.id);
  const c = await connect(api.url, { cookie: carol.cookie });

  const first = await send(a, space.id, 'who is coming on Saturday?');
  const toAlice = nextEvent(a, 'notification:new');
  await send(b, space.id, 'me!', { replyToId: first.id });
  expect((await toAlice).notification.kind).toBe('chat.reply');

  const toCarol = nextEvent(c, 'notification:new');
  const msg = await send(a, space.id, 'and someone else?');
  await call(a, 'message:edit', { messageId: msg.id, body: `and @${carol.user.username}?` });
  expect((await toCarol).notification).toEqual(expect.objectContaining({ kind: 'chat.mention', data: expect.objectContaining({ messageId: msg.id }) }));
  // A second edit keeping the mention tells nobody again.
  await call(a, 'message:edit', { messageId: msg.id, body: `and @${carol.user.username}, please?` });
  await sleep(600);
  const rows = await api.sql(`SELECT 1 FROM notifications WHERE user_id = $1 AND subject_id = $2`, [carol.user.id, msg.id]);
  expect(rows).toHaveLength(1);
});

it('a deleted message cancels the push still waiting, and drops out of the list', async () => {
  const alice = await registerUser(api.url);
  const bob = await awayPerson();
  const space = await createSpace(alice, {}, [bob]);
  await goAway(bob);
  const a = await connectAndJoin(api.url, alice, space.id);
  const msg = await send(a, space.id, `@${bob.user.username} call me`);
  await until(() => deliveries(bob.user.id, msg.id), (d) => d.length === 2);
  await call(a, 'message:delete', { messageId: msg.id });
  const after = await until(() => deliveries(bob.user.id, msg.id), (d) => d.every((x) => x.status !== 'pending'), 5000);
  expect(after.find((d) => d.channel === 'push')).toEqual(expect.objectContaining({ status: 'cancelled' }));
  const list = await bob.agent.get('/api/notifications').expect(200);
  expect(list.body.items).toEqual([]);
  expect(list.body.unread).toBe(0);
  expect((await bob.agent.get('/api/me/notifications/unread-count').expect(200)).body).toEqual({ unread: 0 });
});

it('no push for someone active in the last two minutes; someone away gets it', async () => {
  const alice = await registerUser(api.url);
  const away = await awayPerson();
  const here = await awayPerson();
  const space = await createSpace(alice, {}, [away, here]);
  await goAway(away);
  const a = await connectAndJoin(api.url, alice, space.id);
  const msg = await send(a, space.id, `@${away.user.username} @${here.user.username} look`);
  await api.sql(`UPDATE user_activity SET last_active_at = now() WHERE user_id = $1`, [here.user.id]);
  const pushOf = async (who: RegisteredUser) => (await deliveries(who.user.id, msg.id)).find((d) => d.channel === 'push');
  expect(await until(() => pushOf(away), (d) => d !== undefined && d.status !== 'pending')).toEqual(expect.objectContaining({ status: 'sent' }));
  expect(await until(() => pushOf(here), (d) => d !== undefined && d.status !== 'pending')).toEqual(expect.objectContaining({ status: 'skipped', reason: 'active' }));
});

it('one push per conversation per window: what comes meanwhile is batched into the next one', async () => {
  const alice = await registerUser(api.url);
  const bob = await awayPerson();
  const carol = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob, carol]);
  await bob.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'all' } }).expect(200);
  await goAway(bob);
  const a = await connectAndJoin(api.url, alice, space.id);
  const pushes = () =>
    api.sql<{ status: string }>(
      `SELECT d.status FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.user_id = $1 AND d.channel = 'push' AND n.space_id = $2 ORDER BY d.id`,
      [bob.user.id, space.id],
    );
  await send(a, space.id, 'first');
  expect((await until(pushes, (p) => p[0]?.status === 'sent')).map((p) => p.status)).toEqual(['sent']);
  for (const body of ['second', 'third', 'fourth']) await send(a, space.id, body);
  const settled = await until(pushes, (p) => p.length === 4 && p.every((x) => x.status !== 'pending'), 10_000);
  expect(settled.map((p) => p.status).sort()).toEqual(['batched', 'batched', 'sent', 'sent']);
});

it('a plain message tells nobody until someone chooses to hear every message, and then the next one reaches them', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob]);
  const a = await connectAndJoin(api.url, alice, space.id);
  const told = async () =>
    (await api.sql<{ kind: string }>(`SELECT n.kind FROM notifications n WHERE n.user_id = $1 AND n.space_id = $2 ORDER BY n.created_at`, [bob.user.id, space.id])).map((n) => n.kind);
  // Nobody hears of every message here: the send skips the fan-out (chat-notifications.listener.ts).
  const quiet = await send(a, space.id, 'nobody is listening for this');
  // A mention and a reply still reach Bob.
  await send(a, space.id, `@${bob.user.username} this one is for you`);
  const b = await connectAndJoin(api.url, bob, space.id);
  const question = await send(b, space.id, 'a question');
  await send(a, space.id, 'an answer', { replyToId: question.id });
  expect(await until(told, (k) => k.length === 2)).toEqual(['chat.mention', 'chat.reply']);
  expect(await api.sql(`SELECT 1 FROM notifications WHERE subject_id = $1`, [quiet.id])).toEqual([]);
  await bob.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'all' } }).expect(200);
  const heard = await send(a, space.id, 'now Bob hears every message');
  expect(await until(() => api.sql(`SELECT n.kind FROM notifications n WHERE n.user_id = $1 AND n.subject_id = $2`, [bob.user.id, heard.id]), (r) => r.length === 1)).toEqual([{ kind: 'chat.message' }]);
});

it("a space's answer carries the member's own level, as their preferences say, and nobody else's", async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob]);
  const levelOf = async (who: RegisteredUser) => (await who.agent.get(`/api/spaces/${space.id}`).expect(200)).body.membership.notifyLevel;
  expect(await levelOf(bob)).toBe('mentions');
  await bob.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'none' } }).expect(200);
  expect(await levelOf(bob)).toBe('none');
  expect(await levelOf(alice)).toBe('mentions');
  const bySlug = await bob.agent.get(`/api/spaces/${space.slug}`).expect(200);
  expect(bySlug.body.membership.notifyLevel).toBe('none');
});

it('preferences: defaults, a space one is not in is refused and changes nothing, quiet hours stay on unless one leads safeguarding', async () => {
  const bob = await registerUser(api.url);
  const alice = await registerUser(api.url);
  const theirs = await createSpace(alice, {});
  const got = await bob.agent.get('/api/notifications/preferences').expect(200);
  expect(got.body).toEqual(expect.objectContaining({ spaces: {}, previews: false, mayDisableQuietHours: false, quietHours: { from: '22:00', to: '08:00', timezone: 'UTC', enabled: true } }));
  expect(got.body.channels.mentions).toEqual({ inApp: true, push: true });
  const refused = await bob.agent.put('/api/notifications/preferences').send({ spaces: { [theirs.id]: 'none' }, previews: true }).expect(422);
  expect(JSON.stringify(refused.body)).toContain(`spaces.${theirs.id}`);
  expect((await bob.agent.get('/api/notifications/preferences').expect(200)).body.previews).toBe(false);
  await bob.agent.put('/api/notifications/preferences').send({ quietHours: { from: '22:00', to: '07:00', timezone: 'Europe/Ljubljana', enabled: false } }).expect(422);
  await bob.agent.put('/api/notifications/preferences').send({ quietHours: { from: '25:00', to: '07:00', timezone: 'Europe/Ljubljana' } }).expect(422);
  const saved = await bob.agent.put('/api/notifications/preferences').send({ channels: { replies: { inApp: true, push: false } }, quietHours: { from: '21:30', to: '07:00', timezone: 'Europe/Ljubljana' } }).expect(200);
  expect(saved.body.channels.replies).toEqual({ inApp: true, push: false });
  expect(saved.body.channels.mentions).toEqual({ inApp: true, push: true });
  expect(saved.body.quietHours).toEqual({ from: '21:30', to: '07:00', timezone: 'Europe/Ljubljana', enabled: true });
  await api.sql(`UPDATE users SET roles = '{member,safeguarding}' WHERE id = $1`, [alice.user.id]);
  const lead = await alice.agent.put('/api/notifications/preferences').send({ quietHours: { from: '22:00', to: '08:00', timezone: 'UTC', enabled: false } }).expect(200);
  expect(lead.body.quietHours.enabled).toBe(false);
});

it('a space set to "nothing" is heard no more; someone removed from a space no longer sees its notifications', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const carol = await registerUser(api.url);
  const space = await createSpace(alice, {}, [bob, carol]);
  await bob.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'none' } }).expect(200);
  const a = await connectAndJoin(api.url, alice, space.id);
  const m1 = await send(a, space.id, `@${bob.user.username} @${carol.user.username} hi`);
  await until(() => api.sql(`SELECT 1 FROM notifications WHERE user_id = $1 AND subject_id = $2`, [carol.user.id, m1.id]), (r) => r.length === 1);
  expect(await api.sql(`SELECT 1 FROM notifications WHERE user_id = $1`, [bob.user.id])).toEqual([]);
  expect((await carol.agent.get('/api/notifications').expect(200)).body.items).toHaveLength(1);
  await alice.agent.delete(`/api/spaces/${space.id}/members/${carol.user.id}`).expect(204);
  const list = await carol.agent.get('/api/notifications').expect(200);
  expect(list.body).toEqual(expect.objectContaining({ items: [], unread: 0 }));
});
