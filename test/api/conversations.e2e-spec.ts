/**
 * One-to-one conversations: opened once per pair over the chat that exists, with message requests,
 * a "who may message me" setting, blocks that end them both ways (live sockets included), nothing
 * for a third person by any route, and "reach out with care" from a review item that the person
 * may decline.
 */
import { searchEngineEnv, searchIndexSettled } from '../support/search.js';
import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connect, connectAndJoin, createSpace, expectNoEvent, nextEvent, send } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000', ...searchEngineEnv() } });
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

/** A person whose account is old enough that only the shared-space rule decides. */
async function person(): Promise<RegisteredUser> {
  const who = await registerUser(api.url);
  await api.sql(`UPDATE users SET created_at = now() - interval '30 days' WHERE id = $1`, [who.user.id]);
  return who;
}
const open = (from: RegisteredUser, to: RegisteredUser) => from.agent.post('/api/conversations').send({ userId: to.user.id });
const box = async (who: RegisteredUser, name: 'inbox' | 'requests') => (await who.agent.get(`/api/conversations?box=${name}`).expect(200)).body.items as Json[];
const restSend = (who: RegisteredUser, spaceId: string, body: string) => who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body });
const word = () => `zq${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;

describe('opening', () => {
  it('opens one conversation per pair, whoever asks and however often, as a hidden direct space', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    await createSpace(a, {}, [b]);
    const first = await open(a, b).expect(200);
    expect(first.body).toEqual(expect.objectContaining({ id: expect.any(String), spaceId: expect.any(String), state: 'open', origin: 'direct', startedByMe: true }));
    expect(first.body.other).toEqual(expect.objectContaining({ id: b.user.id, username: b.user.username }));
    const [again, fromB] = await Promise.all([open(a, b).expect(200), open(b, a).expect(200)]);
    expect([again.body.id, fromB.body.id]).toEqual([first.body.id, first.body.id]);
    expect(fromB.body.startedByMe).toBe(false);
    expect((await api.sql(`SELECT count(*)::int AS n FROM conversations WHERE space_id = $1`, [first.body.spaceId]))[0]).toEqual({ n: 1 });
    // Never listed as a space, even to its own members.
    for (const query of ['', '?mine=true']) {
      const listed = (await a.agent.get(`/api/spaces${query}`).expect(200)).body.items.map((s: Json) => s.id);
      expect(listed).not.toContain(first.body.spaceId);
    }
    expect((await box(a, 'inbox')).map((c) => c.id)).toContain(first.body.id);
    expect((await box(b, 'inbox')).map((c) => c.id)).toContain(first.body.id);
    // Not joinable, not to be left, not to be kept.
    await a.agent.post(`/api/spaces/${first.body.spaceId}/join`).send({}).expect(409);
    await a.agent.post(`/api/spaces/${first.body.spaceId}/leave`).expect(403);
    await a.agent.post(`/api/spaces/${first.body.spaceId}/invites`).send({ maxUses: 1 }).expect(403);
  });

  it('refuses oneself, an unknown person and bad input with a problem naming the field, changing nothing', async () => {
    const a = await person();
    const before = (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM conversations`))[0].n;
    const self = await a.agent.post('/api/conversations').send({ userId: a.user.id }).expect(422);
    expect(self.headers['content-type']).toMatch(/application\/problem\+json/);
    await a.agent.post('/api/conversations').send({ userId: crypto.randomUUID() }).expect(404);
    const bad = await a.agent.post('/api/conversations').send({ userId: 'nobody' }).expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'userId' })]);
    expect((await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM conversations`))[0].n).toBe(before);
  });
});

describe('message requests', () => {
  it('a stranger’s first message waits in requests; only its sender writes until the recipient accepts', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    const conv = (await open(a, b).expect(200)).body;
    expect(conv.state).toBe('request');
    await restSend(a, conv.spaceId, 'hello, we met at the drop-in').expect(201);
    const requests = await box(b, 'requests');
    expect(requests.map((c) => c.id)).toEqual([conv.id]);
    expect(requests[0]).toEqual(expect.objectContaining({ startedByMe: false, unreadCount: 0 }));
    expect((await box(b, 'inbox')).map((c) => c.id)).not.toContain(conv.id);
    // The request tells that there is one, never who or what.
    const notes = (await b.agent.get('/api/me/notifications').expect(200)).body.items as Json[];
    const note = notes.find((n) => n.kind === 'conversation.request');
    expect(note?.data).toEqual({ conversationId: conv.id });
    // The recipient reads it but cannot answer by writing until they accept; the sender cannot accept.
    await b.agent.get(`/api/spaces/${conv.spaceId}/messages`).expect(200);
    await restSend(b, conv.spaceId, 'hi').expect(403);
    await a.agent.post(`/api/conversations/${conv.id}/accept`).expect(422);
    expect((await b.agent.post(`/api/conversations/${conv.id}/accept`).expect(200)).body.state).toBe('open');
    await restSend(b, conv.spaceId, 'hi, yes I remember').expect(201);
    expect((await box(b, 'inbox')).map((c) => c.id)).toContain(conv.id);
  });

  it('people who share a space talk at once, unless the writer’s account is under a week old', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    const fresh = await registerUser(api.url);
    await createSpace(a, {}, [b, fresh]);
    expect((await open(a, b).expect(200)).body.state).toBe('open');
    expect((await open(fresh, b).expect(200)).body.state).toBe('request');
  });

  it('ignoring sets a request aside without telling the sender', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    const conv = (await open(a, b).expect(200)).body;
    await restSend(a, conv.spaceId, 'are you there').expect(201);
    expect((await b.agent.post(`/api/conversations/${conv.id}/ignore`).expect(200)).body.state).toBe('ignored');
    expect((await box(b, 'requests')).map((c) => c.id)).not.toContain(conv.id);
    const mine = (await a.agent.get(`/api/conversations/${conv.id}`).expect(200)).body;
    expect(mine.state).toBe('ignored');
    await restSend(a, conv.spaceId, 'still there?').expect(201);
  });
});

describe('who may message me', () => {
  it('"nobody" refuses new conversations with a problem, keeps existing ones; "people I share a space with" needs one', async () => {
    const [a, b, c] = await Promise.all([person(), person(), person()]);
    await createSpace(a, {}, [b]);
    const existing = (await open(a, b).expect(200)).body;
    expect((await b.agent.get('/api/conversations/settings').expect(200)).body).toEqual({ allowFrom: 'everyone' });
    await b.agent.put('/api/conversations/settings').send({ allowFrom: 'maybe' }).expect(422);
    await b.agent.put('/api/conversations/settings').send({ allowFrom: 'nobody' }).expect(200);
    const refused = await open(c, b).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.type).toMatch(/messages-not-accepted$/);
    expect((await open(a, b).expect(200)).body.id).toBe(existing.id);
    await b.agent.put('/api/conversations/settings').send({ allowFrom: 'shared_space' }).expect(200);
    await open(c, b).expect(403);
    await createSpace(c, {}, [b]);
    expect((await open(c, b).expect(200)).body.state).toBe('open');
    // Without a mentoring match nobody passes "my matches only".
    const d = await person();
    await createSpace(d, {}, [b]);
    await b.agent.put('/api/conversations/settings').send({ allowFrom: 'matches' }).expect(200);
    await open(d, b).expect(403);
  });
});

describe('blocking', () => {
  it('ends the conversation both ways at once, takes live sockets out of its room and refuses a new one', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    await createSpace(a, {}, [b]);
    const conv = (await open(a, b).expect(200)).body;
    const [sa, sb] = await Promise.all([connectAndJoin(api.url, a, conv.spaceId), connectAndJoin(api.url, b, conv.spaceId)]);
    const arrives = nextEvent(sa, 'message:new');
    await send(sb, conv.spaceId, 'before the block');
    expect((await arrives).message.body).toBe('before the block');

    await a.agent.post(`/api/users/${b.user.id}/block`).expect(204);
    for (const [who, socket] of [[a, sa], [b, sb]] as const) {
      const ack = await call(socket, 'message:send', { spaceId: conv.spaceId, clientId: crypto.randomUUID(), body: 'after' });
      expect(ack).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
      await who.agent.get(`/api/conversations/${conv.id}`).expect(404);
      await who.agent.get(`/api/spaces/${conv.spaceId}/messages`).expect(404);
      expect((await call(socket, 'space:join', { spaceId: conv.spaceId })).ok).toBe(false);
    }
    await open(b, a).expect(403);
    await open(a, b).expect(403);

    // Lifted and begun again in the same space: the other's socket that was in the room hears
    // nothing of it (the author's own sockets hear their own message through their personal room).
    await a.agent.delete(`/api/users/${b.user.id}/block`).expect(204);
    const again = (await open(a, b).expect(200)).body;
    expect(again.spaceId).toBe(conv.spaceId);
    const silence = expectNoEvent(sb, 'message:new', 500);
    await restSend(a, conv.spaceId, 'a new start').expect(201);
    await silence;
  });
});

describe('a third person', () => {
  it('gets nothing by REST, Socket.IO, search, export or calendar feed — admins included', async () => {
    const [a, b, third, admin] = await Promise.all([person(), person(), person(), person()]);
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
    await createSpace(a, {}, [b]);
    const conv = (await open(a, b).expect(200)).body;
    const secret = word();
    const message = (await restSend(a, conv.spaceId, `meet me at ${secret}`).expect(201)).body.message;
    await searchIndexSettled(api);
    // The members find their own words.
    const own = (await b.agent.get(`/api/search?q=${secret}`).expect(200)).body.items as Json[];
    expect(own.map((i) => i.id)).toContain(message.id);
    for (const outsider of [third, admin]) {
      await outsider.agent.get(`/api/conversations/${conv.id}`).expect(404);
      await outsider.agent.get(`/api/spaces/${conv.spaceId}`).expect(404);
      await outsider.agent.get(`/api/spaces/${conv.spaceId}/messages`).expect(404);
      await outsider.agent.get(`/api/spaces/${conv.spaceId}/members`).expect(404);
      await outsider.agent.get(`/api/spaces/${conv.spaceId}/messages/${message.id}/revisions`).expect(404);
      await outsider.agent.get(`/api/spaces/${conv.spaceId}/calendar.ics`).expect(404);
      await outsider.agent.post(`/api/spaces/${conv.spaceId}/join`).send({}).expect(404);
      await outsider.agent.post(`/api/conversations/${conv.id}/accept`).expect(404);
      const socket = await connect(api.url, { cookie: outsider.cookie });
      expect(await call(socket, 'space:join', { spaceId: conv.spaceId })).toEqual(expect.objectContaining({ ok: false, error: 'SPACE_NOT_FOUND' }));
      expect(await call(socket, 'messages:since', { spaceId: conv.spaceId, afterId: null })).toEqual(expect.objectContaining({ ok: false }));
      const hits = (await outsider.agent.get(`/api/search?q=${secret}`).expect(200)).body.items as Json[];
      expect(hits).toEqual([]);
      const exported = JSON.stringify((await outsider.agent.get('/api/me/export').expect(200)).body);
      expect(exported).not.toContain(secret);
      expect(exported).not.toContain(conv.spaceId);
      expect((await box(outsider, 'inbox')).map((c) => c.id)).not.toContain(conv.id);
    }
    // The author's export carries the conversation and their words.
    const mine = (await a.agent.get('/api/me/export').expect(200)).body;
    expect(mine.conversations.map((c: Json) => c.id)).toContain(conv.id);
    expect(JSON.stringify(mine.messages)).toContain(secret);
  });

  it('direct messages notify the other person without the words', async () => {
    const [a, b] = await Promise.all([person(), person()]);
    await createSpace(a, {}, [b]);
    const conv = (await open(a, b).expect(200)).body;
    const secret = word();
    await restSend(a, conv.spaceId, `private ${secret}`).expect(201);
    await restSend(a, conv.spaceId, `and again ${secret}`).expect(201);
    const notes = ((await b.agent.get('/api/me/notifications').expect(200)).body.items as Json[]).filter((n) => n.kind === 'conversation.message');
    // Told once until read, and never what was written.
    expect(notes).toHaveLength(1);
    expect(notes[0].data).toEqual({ conversationId: conv.id });
    expect(JSON.stringify(notes)).not.toContain(secret);
  });
});

describe('reach out with care', () => {
  it('a safeguarding lead or a keeper reaches out from a report; the person sees who and may decline, for good', async () => {
    const [host, person1, reporter, lead, stranger] = await Promise.all([person(), person(), person(), person(), person()]);
    await api.sql(`UPDATE users SET roles = '{member,safeguarding}' WHERE id = $1`, [lead.user.id]);
    const space = await createSpace(host, {}, [person1, reporter]);
    const posted = (await restSend(person1, space.id, 'I do not think I can go on').expect(201)).body.message;
    const worry = (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: posted.id, reason: 'safety' }).expect(201)).body.reviewItemId;

    // Someone with no part in the report is told nothing about it.
    await stranger.agent.post('/api/conversations/outreach').send({ itemId: worry }).expect(404);
    await reporter.agent.post('/api/conversations/outreach').send({ itemId: worry }).expect(404);

    const reached = (await lead.agent.post('/api/conversations/outreach').send({ itemId: worry }).expect(200)).body;
    expect(reached).toEqual(expect.objectContaining({ origin: 'outreach', state: 'request', outreach: { as: 'safeguarding', context: null } }));
    expect((await lead.agent.post('/api/conversations/outreach').send({ itemId: worry }).expect(200)).body.id).toBe(reached.id);
    await restSend(lead, reached.spaceId, 'I read what you wrote and wanted to check in.').expect(201);
    const [request] = await box(person1, 'requests');
    expect(request).toEqual(expect.objectContaining({ id: reached.id, outreach: { as: 'safeguarding', context: null } }));
    expect(request.other).toEqual(expect.objectContaining({ id: lead.user.id }));
    const note = ((await person1.agent.get('/api/me/notifications').expect(200)).body.items as Json[]).find((n) => n.kind === 'conversation.outreach');
    expect(note?.data).toEqual({ conversationId: reached.id, as: 'safeguarding' });

    // Declining closes it for both, and this report brings no other.
    await person1.agent.post(`/api/conversations/${reached.id}/decline`).expect(204);
    await lead.agent.get(`/api/conversations/${reached.id}`).expect(404);
    await person1.agent.get(`/api/conversations/${reached.id}`).expect(404);
    const again = await lead.agent.post('/api/conversations/outreach').send({ itemId: worry }).expect(409);
    expect(again.body.type).toMatch(/outreach-declined$/);

    // The space's host reaches out about an ordinary report in their space, as a keeper.
    const rude = (await restSend(person1, space.id, 'leave me alone, all of you').expect(201)).body.message;
    const report = (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: rude.id, reason: 'harassment' }).expect(201)).body.reviewItemId;
    const kept = (await host.agent.post('/api/conversations/outreach').send({ itemId: report }).expect(200)).body;
    expect(kept.outreach).toEqual({ as: 'keeper', context: space.name });
    // Accepting lets both write; a plain conversation cannot be "declined".
    await person1.agent.post(`/api/conversations/${kept.id}/accept`).expect(200);
    await restSend(person1, kept.spaceId, 'thank you for asking').expect(201);
    const plain = (await open(person1, host).expect(200)).body;
    await host.agent.post(`/api/conversations/${plain.id}/decline`).expect(422);
  });
});
