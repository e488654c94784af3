/**
 * Moderation takes effect at once: each action on live sockets and over REST, auto-hide
 * thresholds and safety reports, two moderators acting together, what the log and queue reveal,
 * and appeals from action to overturn.
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem, uniqueIp } from '../support/http.js';
import { call, closeAllSockets, connect, connectAndJoin, connectError, expectNoEvent, nextEvent, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let host: RegisteredUser;
let moderator: RegisteredUser;
let admin: RegisteredUser;
let admin2: RegisteredUser;
let lead: RegisteredUser;

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const login = (who: RegisteredUser) => request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: who.user.username, password: who.password });

/** A public space kept by `host` (and `moderator`), with the people given as members. */
async function space(...members: RegisteredUser[]): Promise<Json> {
  const s = (await host.agent.post('/api/spaces').send({ name: `Room ${crypto.randomUUID().slice(0, 8)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  for (const who of [moderator, ...members]) await who.agent.post(`/api/spaces/${s.id}/join`).send({ acceptGuidelines: true }).expect(200);
  await host.agent.patch(`/api/spaces/${s.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
  return s;
}
async function sendAs(who: RegisteredUser, spaceId: string, body: string): Promise<Json> {
  const res = await who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`send answered ${res.status}: ${res.text}`);
  return res.body.message;
}
const report = (who: RegisteredUser, targetId: string, reason = 'harassment', targetType = 'message') =>
  who.agent.post('/api/reports').send({ targetType, targetId, reason, note: 'please look' });
async function itemFor(reporter: RegisteredUser, messageId: string): Promise<string> {
  return (await report(reporter, messageId).expect(201)).body.reviewItemId;
}
const resolve = (who: RegisteredUser, itemId: string, action: string, extra: Json = {}) =>
  who.agent.post(`/api/moderation/items/${itemId}/resolve`).send({ action, note: `because ${action}`, ...extra });
const history = async (who: RegisteredUser, spaceId: string) => (await who.agent.get(`/api/spaces/${spaceId}/messages`).expect(200)).body.items as Json[];
/** Accounts a day old or more: reports from newer accounts do not count toward auto-hide. */
const established = (...who: RegisteredUser[]) =>
  api.sql(`UPDATE users SET created_at = now() - interval '2 days' WHERE id = ANY($1)`, [who.map((w) => w.user.id)]);
const trySend = (socket: ChatClient, spaceId: string, body: string) => call(socket, 'message:send', { spaceId, clientId: crypto.randomUUID(), body });

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000' } });
  [host, moderator, admin, admin2, lead] = await Promise.all(Array.from({ length: 5 }, () => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = ANY($1::uuid[])`, [[admin.user.id, admin2.user.id]]);
  await api.sql(`UPDATE users SET roles = '{member,safeguarding}' WHERE id = $1`, [lead.user.id]);
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

describe('each action on live sockets', () => {
  it('hide: every member’s socket gets the tombstone; the author still reads the words over REST', async () => {
    const [author, reader, other] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader, other);
    const sockets = await Promise.all([host, moderator, author, reader, other].map((who) => connectAndJoin(api.url, who, s.id)));
    const message = await sendAs(author, s.id, 'you are all worthless');
    const item = await itemFor(reader, message.id);
    const heard = Promise.all(sockets.map((socket) => nextEvent(socket, 'message:updated', 3_000, (p) => p.message.id === message.id)));
    await resolve(moderator, item, 'hide').expect(200);
    for (const { message: m } of await heard) expect(m).toMatchObject({ id: message.id, body: '', moderation: { state: 'hidden', reason: null } });
    expect((await history(reader, s.id)).find((m) => m.id === message.id)).toMatchObject({ body: '', moderation: { state: 'hidden' } });
    expect((await history(author, s.id)).find((m) => m.id === message.id)).toMatchObject({ body: 'you are all worthless', moderation: { state: 'hidden' } });
    const since = await call(sockets[3], 'messages:since', { spaceId: s.id, afterId: null });
    expect(JSON.stringify(since)).not.toContain('worthless');
  });

  it('remove: the author is told why (notification and moderation.reason); others see a tombstone', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    const readerSocket = await connectAndJoin(api.url, reader, s.id);
    const message = await sendAs(author, s.id, 'here is her home address');
    const item = await itemFor(reader, message.id);
    const heard = nextEvent(readerSocket, 'message:updated', 3_000, (p) => p.message.id === message.id);
    await host.agent.post(`/api/moderation/items/${item}/resolve`).send({ action: 'remove', note: 'Sharing where someone lives puts them at risk.', guideline: 'Privacy' }).expect(200);
    expect((await heard).message).toMatchObject({ body: '', moderation: { state: 'removed', reason: null } });
    const notes = (await author.agent.get('/api/me/notifications').expect(200)).body.items;
    expect(notes.find((n: Json) => n.kind === 'moderation.remove')).toMatchObject({ data: expect.objectContaining({ reason: 'Sharing where someone lives puts them at risk.', targetId: message.id }) });
    expect((await history(author, s.id)).find((m) => m.id === message.id)).toMatchObject({ moderation: { state: 'removed', reason: 'Sharing where someone lives puts them at risk.' } });
    expect(JSON.stringify(await history(reader, s.id))).not.toContain('home address');
  });

  it('mute: the muted person’s sends are refused (MUTED) until `until`, over socket and REST; others post on', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const item = await itemFor(reader, (await sendAs(author, s.id, 'shut up all of you')).id);
    const until = new Date(Date.now() + 2_500);
    await resolve(moderator, item, 'mute', { until: until.toISOString() }).expect(200);
    const silence = expectNoEvent(readerSocket, 'message:new', 300);
    const ack = await trySend(authorSocket, s.id, 'let me talk');
    expect(ack).toEqual(expect.objectContaining({ ok: false, error: 'MUTED', message: expect.any(String), retryAfter: expect.any(Number) }));
    await silence;
    expectProblem(await author.agent.post(`/api/spaces/${s.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'over REST then' }), 403, 'MUTED');
    expect((await trySend(readerSocket, s.id, 'I can still talk')).ok).toBe(true);
    await sleep(until.getTime() - Date.now() + 100);
    const heard = nextEvent(readerSocket, 'message:new', 3_000, (p) => p.message.author?.id === author.user.id);
    expect(await trySend(authorSocket, s.id, 'I am back, sorry')).toEqual(expect.objectContaining({ ok: true }));
    expect((await heard).message.body).toBe('I am back, sorry');
  });

  it('remove_from_space: their sockets get space:removed and no further message:new; they cannot send or rejoin the room', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    const [tab1, tab2] = [await connectAndJoin(api.url, author, s.id), await connectAndJoin(api.url, author, s.id)];
    const item = await itemFor(reader, (await sendAs(author, s.id, 'I will keep doing it')).id);
    const removed = Promise.all([tab1, tab2].map((t) => nextEvent(t, 'space:removed')));
    await resolve(host, item, 'remove_from_space').expect(200);
    expect(await removed).toEqual([{ spaceId: s.id }, { spaceId: s.id }]);
    const silence = expectNoEvent([tab1, tab2], ['message:new', 'message:updated'], 400);
    await sendAs(reader, s.id, 'after they left');
    await silence;
    expect(await trySend(tab1, s.id, 'still here?')).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect(await call(tab1, 'space:join', { spaceId: s.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_A_MEMBER' }));
    expect((await author.agent.get(`/api/spaces/${s.id}`).expect(200)).body.membership).toBeNull();
  });

  it('suspend: sockets dropped at once, cookie and tokens stop working, login refused; an ended suspension lets them back', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    const { token } = (await author.agent.post('/api/auth/tokens').send({ name: 'script' }).expect(201)).body;
    const sockets = [await connectAndJoin(api.url, author, s.id), await connect(api.url, { token })];
    const dropped = Promise.all(sockets.map((socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))));
    const item = await itemFor(reader, (await sendAs(author, s.id, 'spam spam spam')).id);
    expectProblem(await resolve(host, item, 'suspend', { until: inAnHour() }), 403, 'FORBIDDEN');
    await resolve(admin, item, 'suspend', { until: inAnHour() }).expect(200);
    expect(await dropped).toEqual(['io server disconnect', 'io server disconnect']);
    expectProblem(await author.agent.get('/api/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get('/api/me').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
    expect(await connectError(api.url, { cookie: author.cookie })).toBe('UNAUTHENTICATED');
    expectProblem(await login(author), 403, 'ACCOUNT_SUSPENDED');

    await api.sql(`UPDATE users SET suspended_until = now() - interval '1 minute' WHERE id = $1`, [author.user.id]);
    const back = await login(author).expect(200);
    expect(back.body.user.id).toBe(author.user.id);
  });
});

describe('auto-hide and safety reports', () => {
  it('hides after 3 distinct reporters by default (one person reporting 3 times counts once)', async () => {
    const [author, a, b, c] = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.url)));
    await established(a, b, c);
    const s = await space(author, a, b, c);
    const socket = await connectAndJoin(api.url, c, s.id);
    const message = await sendAs(author, s.id, 'nasty');
    for (let i = 0; i < 3; i += 1) expect((await report(a, message.id).expect(201)).body.autoHidden).toBe(false);
    expect((await report(b, message.id).expect(201)).body.autoHidden).toBe(false);
    expect((await history(c, s.id)).find((m) => m.id === message.id)?.body).toBe('nasty');
    const heard = nextEvent(socket, 'message:updated', 3_000, (p) => p.message.id === message.id);
    const third = (await report(c, message.id).expect(201)).body;
    expect(third.autoHidden).toBe(true);
    expect((await heard).message).toMatchObject({ body: '', moderation: { state: 'hidden' } });
    // Still one item for the thing, now marked auto-hidden, waiting for a person to review it.
    const queue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items;
    expect(queue.filter((i: Json) => i.targetId === message.id)).toEqual([expect.objectContaining({ id: third.reviewItemId, autoHidden: true, reports: expect.any(Array) })]);
    expect(queue.find((i: Json) => i.targetId === message.id).reports).toHaveLength(5);
    const log = (await a.agent.get('/api/moderation/log').query({ spaceId: s.id }).expect(200)).body.items;
    expect(log).toEqual([expect.objectContaining({ action: 'auto_hide', moderator: null })]);
  });

  it('a host can lower the threshold to 2 for their space', async () => {
    const [author, a, b] = await Promise.all(Array.from({ length: 3 }, () => registerUser(api.url)));
    await established(a, b);
    const s = await space(author, a, b);
    expect((await host.agent.put(`/api/spaces/${s.id}/moderation-settings`).send({ autoHideThreshold: 2 }).expect(200)).body).toMatchObject({ autoHideThreshold: 2 });
    const message = await sendAs(author, s.id, 'nasty again');
    expect((await report(a, message.id).expect(201)).body.autoHidden).toBe(false);
    expect((await report(b, message.id).expect(201)).body.autoHidden).toBe(true);
    const [row] = await api.sql<Json>('SELECT moderation_state FROM messages WHERE id = $1', [message.id]);
    expect(row.moderation_state).toBe('hidden');
  });

  it('safety reports never hide or sanction, answer with crisis resources, and reach only safeguarding leads and admins', async () => {
    const [author, a, b, c] = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.url)));
    await established(a, b, c);
    const s = await space(author, a, b, c);
    await host.agent.put(`/api/spaces/${s.id}/moderation-settings`).send({ autoHideThreshold: 1 }).expect(200);
    const message = await sendAs(author, s.id, 'I can’t see a way forward');
    let itemId = '';
    for (const who of [a, b, c]) {
      const body = (await report(who, message.id, 'safety').expect(201)).body;
      expect(body).toMatchObject({ autoHidden: false, crisisResources: expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]) });
      itemId = body.reviewItemId;
    }
    const [row] = await api.sql<Json>('SELECT moderation_state FROM messages WHERE id = $1', [message.id]);
    expect(row.moderation_state).toBe('visible');
    // A sanctioning report answers without crisis resources.
    expect((await report(b, (await sendAs(a, s.id, 'buy now')).id, 'spam').expect(201)).body).toEqual({ reviewItemId: expect.any(String), autoHidden: true });

    for (const who of [host, moderator]) {
      const all = [...(await who.agent.get('/api/moderation/queue').expect(200)).body.items, ...(await who.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items];
      expect(all.map((i: Json) => i.id)).not.toContain(itemId);
      expectProblem(await who.agent.get('/api/moderation/queue').query({ kind: 'safeguarding' }), 403, 'FORBIDDEN');
    }
    for (const who of [lead, admin]) {
      const item = (await who.agent.get('/api/moderation/queue').query({ kind: 'safeguarding' }).expect(200)).body.items.find((i: Json) => i.id === itemId);
      expect(item).toMatchObject({ kind: 'safeguarding', reports: expect.any(Array) });
      expect(item.reports).toHaveLength(3);
    }
    for (const action of ['hide', 'remove', 'warn', 'mute']) expectProblem(await resolve(lead, itemId, action, { until: inAnHour() }), 422, 'ACTION_NOT_ALLOWED');
    expectProblem(await resolve(admin, itemId, 'suspend'), 422, 'ACTION_NOT_ALLOWED');
    await resolve(lead, itemId, 'dismiss').expect(200);
    expect((await author.agent.get('/api/moderation/mine').expect(200)).body.items).toEqual([]);
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM space_mutes WHERE user_id = $1`, [author.user.id]);
    expect(n).toBe(0);
  });
});

describe('two moderators at once', () => {
  it('exactly one wins each of 10 rounds; the other gets 409 ITEM_ALREADY_RESOLVED; one log entry per item', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    for (let round = 0; round < 10; round += 1) {
      const item = await itemFor(reader, (await sendAs(author, s.id, `round ${round}`)).id);
      const answers = await Promise.all([resolve(host, item, round % 2 ? 'hide' : 'warn'), resolve(moderator, item, 'dismiss')]);
      const statuses = answers.map((r) => r.status).sort();
      expect({ round, statuses }).toEqual({ round, statuses: [200, 409] });
      expectProblem(answers.find((r) => r.status === 409)!, 409, 'ITEM_ALREADY_RESOLVED');
      const rows = await api.sql<Json>('SELECT action FROM moderation_actions WHERE review_item_id = $1', [item]);
      expect(rows).toHaveLength(1);
      const [state] = await api.sql<Json>('SELECT status, resolution FROM review_items WHERE id = $1', [item]);
      expect(state).toEqual({ status: 'resolved', resolution: rows[0].action });
    }
  });
});

describe('transparency', () => {
  it('the space log never names reporters; moderators are named only when the space chooses; the queue names reporters only to admins', async () => {
    const [author, a, b] = await Promise.all(Array.from({ length: 3 }, () => registerUser(api.url)));
    const s = await space(author, a, b);
    const first = await itemFor(a, (await sendAs(author, s.id, 'one')).id);
    await report(b, (await sendAs(author, s.id, 'one')).id).expect(201);
    await report(b, (await api.sql<Json>('SELECT id FROM messages WHERE space_id = $1 ORDER BY seq LIMIT 1', [s.id]))[0].id).expect(201);
    await resolve(moderator, first, 'warn', { guideline: 'Be kind' }).expect(200);
    const reporters = [a.user.username, a.user.id, b.user.username, b.user.id];

    const log = (await author.agent.get('/api/moderation/log').query({ spaceId: s.id }).expect(200)).body;
    expect(log.items[0]).toMatchObject({ action: 'warn', reason: 'because warn', guideline: 'Be kind' });
    expect(log.items[0]).not.toHaveProperty('moderator');
    const text = JSON.stringify(log);
    for (const secret of [...reporters, moderator.user.username, moderator.user.id]) expect(text).not.toContain(secret);

    await host.agent.put(`/api/spaces/${s.id}/moderation-settings`).send({ showModeratorNames: true }).expect(200);
    const named = (await author.agent.get('/api/moderation/log').query({ spaceId: s.id }).expect(200)).body;
    expect(named.items[0].moderator).toBe(moderator.user.username);
    for (const secret of reporters) expect(JSON.stringify(named)).not.toContain(secret);

    const keepersQueue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id, status: 'resolved' }).expect(200)).body;
    const openQueue = (await host.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body;
    expect(openQueue.items.length).toBeGreaterThan(0);
    expect(keepersQueue.items.length).toBeGreaterThan(0);
    for (const secret of reporters) {
      expect(JSON.stringify(keepersQueue)).not.toContain(secret);
      expect(JSON.stringify(openQueue)).not.toContain(secret);
    }
    const adminQueue = (await admin.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body;
    const names = adminQueue.items.flatMap((i: Json) => i.reports.map((r: Json) => r.reporter));
    expect(names).toEqual(expect.arrayContaining([b.user.username]));
  });
});

describe('appeals from action to decision', () => {
  /**
   * The subject finds the action in "what was done to me" (the notification says which of their
   * things it was about) and appeals it, once.
   */
  async function appealOf(subject: RegisteredUser, spaceId: string | null, action: string, targetId?: string) {
    const notes = (await subject.agent.get('/api/me/notifications').expect(200)).body.items;
    const note = notes.find((n: Json) => n.kind === `moderation.${action}` && (!targetId || n.data.targetId === targetId));
    const mine = (await subject.agent.get('/api/moderation/mine').expect(200)).body.items;
    const entry = mine.find((a: Json) => a.id === note.data.actionId);
    expect(entry).toMatchObject({ action, spaceId, reason: `because ${action}` });
    const appealId = (await subject.agent.post(`/api/moderation/actions/${entry.id}/appeal`).send({ note: 'please look again' }).expect(201)).body.id as string;
    expectProblem(await subject.agent.post(`/api/moderation/actions/${entry.id}/appeal`).send({ note: 'and again' }), 409, 'APPEAL_EXISTS');
    return appealId;
  }
  const decide = (who: RegisteredUser, appealId: string, outcome: 'upheld' | 'overturned') =>
    who.agent.post(`/api/moderation/appeals/${appealId}/decide`).send({ outcome, note: `${outcome} on review` });
  const spaceLog = async (who: RegisteredUser, spaceId: string) => (await who.agent.get('/api/moderation/log').query({ spaceId }).expect(200)).body.items.map((i: Json) => i.action);

  it('hide and remove: overturned shows the message again, live and in history; upheld leaves it hidden', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    const readerSocket = await connectAndJoin(api.url, reader, s.id);
    const hidden = await sendAs(author, s.id, 'a fair point, sharply made');
    const removed = await sendAs(author, s.id, 'another fair point');
    const kept = await sendAs(author, s.id, 'not a fair point');
    for (const [m, action] of [[hidden, 'hide'], [removed, 'remove'], [kept, 'hide']] as const) await resolve(moderator, await itemFor(reader, m.id), action).expect(200);

    const hideAppeal = await appealOf(author, s.id, 'hide', hidden.id);
    const removeAppeal = await appealOf(author, s.id, 'remove', removed.id);
    expectProblem(await decide(moderator, hideAppeal, 'overturned'), 422, 'APPEAL_SAME_MODERATOR');
    const back = nextEvent(readerSocket, 'message:updated', 3_000, (p) => p.message.id === hidden.id);
    await decide(host, hideAppeal, 'overturned').expect(200);
    expect((await back).message).toMatchObject({ body: 'a fair point, sharply made', moderation: null });
    await decide(admin, removeAppeal, 'overturned').expect(200);
    const readable = await history(reader, s.id);
    expect(readable.find((m) => m.id === hidden.id)?.body).toBe('a fair point, sharply made');
    expect(readable.find((m) => m.id === removed.id)?.body).toBe('another fair point');

    // The third: appealed and upheld.
    expect((await moderator.agent.get('/api/moderation/appeals').query({ spaceId: s.id }).expect(200)).body.items).toEqual([]);
    const keptAppeal = await appealOf(author, s.id, 'hide', kept.id);
    await decide(host, keptAppeal, 'upheld').expect(200);
    expect((await history(reader, s.id)).find((m) => m.id === kept.id)).toMatchObject({ body: '', moderation: { state: 'hidden' } });
    const log = await spaceLog(reader, s.id);
    expect(log.filter((a: string) => a === 'appeal_overturned')).toHaveLength(2);
    expect(log.filter((a: string) => a === 'appeal_upheld')).toHaveLength(1);
    const notes = (await author.agent.get('/api/me/notifications').expect(200)).body.items.filter((n: Json) => n.kind === 'moderation.appeal_decided');
    expect(notes.map((n: Json) => n.data.outcome).sort()).toEqual(['overturned', 'overturned', 'upheld']);
  });

  it('mute: overturned lifts it at once; upheld leaves it', async () => {
    const [author, other, reader] = await Promise.all(Array.from({ length: 3 }, () => registerUser(api.url)));
    const s = await space(author, other, reader);
    const sockets = await Promise.all([author, other].map((who) => connectAndJoin(api.url, who, s.id)));
    for (const who of [author, other]) await resolve(moderator, await itemFor(reader, (await sendAs(who, s.id, 'loud')).id), 'mute', { until: inAnHour() }).expect(200);
    for (const socket of sockets) expect(await trySend(socket, s.id, 'hello?')).toEqual(expect.objectContaining({ ok: false, error: 'MUTED' }));
    await decide(host, await appealOf(author, s.id, 'mute'), 'overturned').expect(200);
    await decide(host, await appealOf(other, s.id, 'mute'), 'upheld').expect(200);
    expect(await trySend(sockets[0], s.id, 'thank you')).toEqual(expect.objectContaining({ ok: true }));
    expect(await trySend(sockets[1], s.id, 'and me?')).toEqual(expect.objectContaining({ ok: false, error: 'MUTED' }));
    expect(await spaceLog(reader, s.id)).toEqual(expect.arrayContaining(['appeal_overturned', 'appeal_upheld']));
  });

  it('remove_from_space: overturned restores the membership', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    await resolve(host, await itemFor(reader, (await sendAs(author, s.id, 'again and again')).id), 'remove_from_space').expect(200);
    expect((await author.agent.get(`/api/spaces/${s.id}`).expect(200)).body.membership).toBeNull();
    // The person removed can still see what happened to them, and appeal.
    const appeal = await appealOf(author, s.id, 'remove_from_space');
    expectProblem(await decide(host, appeal, 'overturned'), 422, 'APPEAL_SAME_MODERATOR');
    await decide(moderator, appeal, 'overturned').expect(200);
    expect((await author.agent.get(`/api/spaces/${s.id}`).expect(200)).body.membership).toMatchObject({ role: 'member' });
    const socket = await connectAndJoin(api.url, author, s.id);
    expect(await trySend(socket, s.id, 'glad to be back')).toEqual(expect.objectContaining({ ok: true }));
    expect(await spaceLog(reader, s.id)).toContain('appeal_overturned');
  });

  it('suspend: appealed signed out with the password; only an admin (not the one who suspended, not a host) lifts it; then they sign in', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space(author, reader);
    await resolve(admin, await itemFor(reader, (await sendAs(author, s.id, 'buy my stuff')).id), 'suspend').expect(200);
    expectProblem(await login(author), 403, 'ACCOUNT_SUSPENDED');
    // Signed out, they prove who they are with their password and say why.
    const appealSuspension = (body: Json) =>
      request(api.url).post('/api/moderation/suspension-appeal').set('X-Forwarded-For', uniqueIp()).send(body);
    const credentials = { username: author.user.username, password: author.password };
    expectProblem(await appealSuspension({ ...credentials, password: 'not the password at all', note: 'let me back' }), 401, 'INVALID_CREDENTIALS');
    expectProblem(await appealSuspension({ ...credentials }), 422, 'VALIDATION_FAILED');
    expectProblem(await appealSuspension({ username: reader.user.username, password: reader.password, note: 'me too' }), 422, 'ACTION_NOT_ALLOWED');
    const appealed = await appealSuspension({ ...credentials, note: 'I was selling my own bike to pay rent, not spamming' }).expect(201);
    expect(appealed.body).toEqual({ id: expect.any(String), status: 'open' });
    expectProblem(await appealSuspension({ ...credentials, note: 'again' }), 409, 'APPEAL_EXISTS');
    const appealId: string = appealed.body.id;
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE user_id = $1`, [author.user.id]);
    expect(n).toBe(1);
    expectProblem(await decide(host, appealId, 'overturned'), 403, 'FORBIDDEN');
    expectProblem(await decide(admin, appealId, 'overturned'), 422, 'APPEAL_SAME_MODERATOR');
    expectProblem(await login(author), 403, 'ACCOUNT_SUSPENDED');
    await decide(admin2, appealId, 'overturned').expect(200);
    await login(author).expect(200);
    expect(await spaceLog(reader, s.id)).toEqual(expect.arrayContaining(['suspend', 'appeal_overturned']));
  });
});
