import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connect, connectAndJoin, createSpace, expectNoEvent, send, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

let api: TestApi;
let host: RegisteredUser;
let member: RegisteredUser;
let space: { id: string };
let hostSocket: ChatClient;
let memberSocket: ChatClient;
let hostMessage: { id: string; body: string };

// The default send limit (10 per 10 s per person and space) on purpose: the last tests hit it.
beforeAll(async () => {
  api = await startApi();
  host = await registerUser(api.url);
  space = await createSpace(host, {}, []);
});
beforeEach(async () => {
  // A fresh member per test: the event budget (60 per 10 s) is per person, and the member spends
  // the most; sharing one, a quick run of these tests used it up and a later join was refused.
  member = await registerUser(api.url);
  await member.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
  hostSocket = await connectAndJoin(api.url, host, space.id);
  memberSocket = await connectAndJoin(api.url, member, space.id);
  hostMessage ??= await send(hostSocket, space.id, 'the host said this');
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

const state = async () =>
  api.sql<{ id: string; body: string; edited_at: Date | null; deleted_at: Date | null }>(
    'SELECT id, body, edited_at, deleted_at FROM messages WHERE space_id = $1 ORDER BY seq',
    [space.id],
  );
const uuid = () => crypto.randomUUID();

describe('bad payloads get ok:false with a code, and change nothing', () => {
  const sendCases: [string, () => unknown, string, string][] = [
    ['a string', () => 'hello', 'VALIDATION_FAILED', ''],
    ['null', () => null, 'VALIDATION_FAILED', 'spaceId'],
    ['an array', () => [space.id, uuid(), 'hi'], 'VALIDATION_FAILED', ''],
    ['a number', () => 42, 'VALIDATION_FAILED', ''],
    ['no spaceId', () => ({ clientId: uuid(), body: 'hi' }), 'VALIDATION_FAILED', 'spaceId'],
    ['no clientId', () => ({ spaceId: space.id, body: 'hi' }), 'VALIDATION_FAILED', 'clientId'],
    ['no body', () => ({ spaceId: space.id, clientId: uuid() }), 'VALIDATION_FAILED', 'body'],
    ['a numeric body', () => ({ spaceId: space.id, clientId: uuid(), body: 12 }), 'VALIDATION_FAILED', 'body'],
    ['an object body', () => ({ spaceId: space.id, clientId: uuid(), body: { text: 'hi' } }), 'VALIDATION_FAILED', 'body'],
    ['an empty body', () => ({ spaceId: space.id, clientId: uuid(), body: '' }), 'VALIDATION_FAILED', 'body'],
    ['a whitespace-only body', () => ({ spaceId: space.id, clientId: uuid(), body: ' \n\t  ' }), 'VALIDATION_FAILED', 'body'],
    ['a body of 4001 characters', () => ({ spaceId: space.id, clientId: uuid(), body: 'x'.repeat(4001) }), 'VALIDATION_FAILED', 'body'],
    ['a bell character', () => ({ spaceId: space.id, clientId: uuid(), body: 'ding\u0007' }), 'VALIDATION_FAILED', 'body'],
    ['a bidi override', () => ({ spaceId: space.id, clientId: uuid(), body: 'abc\u202Edef' }), 'VALIDATION_FAILED', 'body'],
    ['a NUL character', () => ({ spaceId: space.id, clientId: uuid(), body: 'a\u0000b' }), 'VALIDATION_FAILED', 'body'],
    ['a spaceId that is not a UUID', () => ({ spaceId: 'lobby', clientId: uuid(), body: 'hi' }), 'VALIDATION_FAILED', 'spaceId'],
    ['a clientId that is not a UUID', () => ({ spaceId: space.id, clientId: '1', body: 'hi' }), 'VALIDATION_FAILED', 'clientId'],
    ['a replyToId that is not a UUID', () => ({ spaceId: space.id, clientId: uuid(), body: 'hi', replyToId: 'x' }), 'VALIDATION_FAILED', 'replyToId'],
    ['an unknown field', () => ({ spaceId: space.id, clientId: uuid(), body: 'hi', authorId: member.user.id }), 'VALIDATION_FAILED', 'authorId'],
    ['an unknown space', () => ({ spaceId: uuid(), clientId: uuid(), body: 'hi' }), 'SPACE_NOT_FOUND', ''],
  ];
  it.each(sendCases)('message:send with %s', async (_label, payload, code, path) => {
    const before = await state();
    const silence = expectNoEvent([hostSocket, memberSocket], 'message:new', 150);
    const ack = await call(memberSocket, 'message:send', payload());
    expect(ack).toEqual(expect.objectContaining({ ok: false, error: code, message: expect.any(String) }));
    if (!ack.ok) expect(ack.message.length).toBeGreaterThan(0);
    if (path && !ack.ok) expect(ack.errors?.map((e) => e.path)).toContain(path);
    if (!ack.ok) for (const e of ack.errors ?? []) expect(e.message).not.toMatch(/^validation\./);
    await silence;
    expect(await state()).toEqual(before);
  });

  it('a body of exactly 4000 characters is fine', async () => {
    const msg = await send(memberSocket, space.id, 'y'.repeat(4000));
    expect(msg.body).toHaveLength(4000);
  });

  const editCases: [string, () => unknown, string, string][] = [
    ['a string', () => 'edit', 'VALIDATION_FAILED', ''],
    ['null', () => null, 'VALIDATION_FAILED', ''],
    ['an array', () => [hostMessage.id, 'x'], 'VALIDATION_FAILED', ''],
    ['no body', () => ({ messageId: hostMessage.id }), 'VALIDATION_FAILED', 'body'],
    ['an empty body', () => ({ messageId: hostMessage.id, body: '' }), 'VALIDATION_FAILED', 'body'],
    ['a whitespace-only body', () => ({ messageId: hostMessage.id, body: '   ' }), 'VALIDATION_FAILED', 'body'],
    ['a body of 4001 characters', () => ({ messageId: hostMessage.id, body: 'x'.repeat(4001) }), 'VALIDATION_FAILED', 'body'],
    ['a control character', () => ({ messageId: hostMessage.id, body: 'x\u0007' }), 'VALIDATION_FAILED', 'body'],
    ['a bidi override', () => ({ messageId: hostMessage.id, body: 'x\u202E' }), 'VALIDATION_FAILED', 'body'],
    ['a messageId that is not a UUID', () => ({ messageId: '42', body: 'x' }), 'VALIDATION_FAILED', 'messageId'],
    ['an unknown field', () => ({ messageId: hostMessage.id, body: 'x', seq: 1 }), 'VALIDATION_FAILED', 'seq'],
    ['an unknown message', () => ({ messageId: uuid(), body: 'x' }), 'MESSAGE_NOT_FOUND', ''],
  ];
  it.each(editCases)('message:edit of their own message with %s', async (_label, payload, code, path) => {
    const before = await state();
    const silence = expectNoEvent([hostSocket, memberSocket], 'message:updated', 150);
    const ack = await call(hostSocket, 'message:edit', payload());
    expect(ack).toEqual(expect.objectContaining({ ok: false, error: code }));
    if (path && !ack.ok) expect(ack.errors?.map((e) => e.path)).toContain(path);
    await silence;
    expect(await state()).toEqual(before);
  });

  it("someone else's message cannot be edited or deleted", async () => {
    const before = await state();
    const silence = expectNoEvent([hostSocket, memberSocket], ['message:updated', 'message:deleted']);
    expect(await call(memberSocket, 'message:edit', { messageId: hostMessage.id, body: 'mine now' })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_YOUR_MESSAGE' }));
    expect(await call(memberSocket, 'message:delete', { messageId: hostMessage.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_YOUR_MESSAGE' }));
    await silence;
    expect(await state()).toEqual(before);
  });

  const otherCases: [string, string, () => unknown, string][] = [
    ['message:delete', 'a string', () => 'x', 'VALIDATION_FAILED'],
    ['message:delete', 'no messageId', () => ({}), 'VALIDATION_FAILED'],
    ['message:delete', 'a non-UUID messageId', () => ({ messageId: 'abc' }), 'VALIDATION_FAILED'],
    ['message:delete', 'an unknown message', () => ({ messageId: uuid() }), 'MESSAGE_NOT_FOUND'],
    ['message:react', 'null', () => null, 'VALIDATION_FAILED'],
    ['message:react', 'no kind', () => ({ messageId: hostMessage.id }), 'VALIDATION_FAILED'],
    ['message:react', 'an unknown kind', () => ({ messageId: hostMessage.id, kind: 'angry' }), 'VALIDATION_FAILED'],
    ['message:react', 'a non-UUID messageId', () => ({ messageId: 'abc', kind: 'heart' }), 'VALIDATION_FAILED'],
    ['space:join', 'a string', () => space.id, 'VALIDATION_FAILED'],
    ['space:join', 'null', () => null, 'VALIDATION_FAILED'],
    ['space:join', 'an array', () => [space.id], 'VALIDATION_FAILED'],
    ['space:join', 'a non-UUID spaceId', () => ({ spaceId: '../admin' }), 'VALIDATION_FAILED'],
    ['space:join', 'an unknown space', () => ({ spaceId: uuid() }), 'SPACE_NOT_FOUND'],
    ['space:leave', 'a non-UUID spaceId', () => ({ spaceId: 1 }), 'VALIDATION_FAILED'],
    ['messages:since', 'a string', () => 'since', 'VALIDATION_FAILED'],
    ['messages:since', 'a non-UUID afterId', () => ({ spaceId: space.id, afterId: 'x' }), 'VALIDATION_FAILED'],
    ['messages:since', 'a numeric afterId', () => ({ spaceId: space.id, afterId: 7 }), 'VALIDATION_FAILED'],
    ['messages:since', 'an unknown space', () => ({ spaceId: uuid() }), 'SPACE_NOT_FOUND'],
    ['typing', 'an array', () => [], 'VALIDATION_FAILED'],
    ['typing', 'an unknown field', () => ({ spaceId: space.id, text: 'hel' }), 'VALIDATION_FAILED'],
  ];
  it.each(otherCases)('%s with %s', async (event, _label, payload, code) => {
    const before = await state();
    const silence = expectNoEvent([hostSocket, memberSocket], ['message:updated', 'message:deleted', 'typing'], 150);
    const ack = await call(memberSocket, event as 'typing', payload());
    expect(ack).toEqual(expect.objectContaining({ ok: false, error: code, message: expect.any(String) }));
    await silence;
    expect(await state()).toEqual(before);
  });

  it('events without an ack callback, unknown events and oversized frames do not hurt the server', async () => {
    const before = await state();
    const raw = memberSocket as unknown as { emit: (...args: unknown[]) => void };
    raw.emit('message:send', { spaceId: space.id, clientId: uuid(), body: '' });
    raw.emit('message:send');
    raw.emit('message:edit', null, 'not a function');
    raw.emit('no-such-event', { anything: true }, () => undefined);
    raw.emit('space:join', 'x', 'y', 'z', () => undefined);
    await sleep(200);
    expect(await state()).toEqual(before);
    // A fire-and-forget send of a good message still stores it (and the connection stays up).
    raw.emit('message:send', { spaceId: space.id, clientId: uuid(), body: 'no ack wanted' });
    await sleep(300);
    expect((await state()).map((m) => m.body)).toContain('no ack wanted');
    expect(memberSocket.connected).toBe(true);
    expect((await call(memberSocket, 'space:join', { spaceId: space.id })).ok).toBe(true);

    // A frame over the server's buffer limit closes that one connection, nothing else.
    const big = await connect(api.url, { cookie: member.cookie });
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    (big as unknown as { emit: (...args: unknown[]) => void }).emit('message:send', { spaceId: space.id, clientId: uuid(), body: 'z'.repeat(200_000) });
    expect(await closed).toEqual(expect.any(String));
    const health = await fetch(`${api.url}/api/health`);
    expect(health.status).toBe(200);
    expect((await call(hostSocket, 'space:join', { spaceId: space.id })).ok).toBe(true);
  });
});

describe('rate limits', () => {
  it('the 11th send within 10 s is RATE_LIMITED with retryAfter; resends of stored messages and other people still pass', async () => {
    const sender = await registerUser(api.url);
    const other = await registerUser(api.url);
    const room = await createSpace(host, {}, [sender, other]);
    const second = await createSpace(host, {}, [sender]);
    const socket = await connectAndJoin(api.url, sender, room.id);
    const sent = [];
    for (let i = 1; i <= 10; i++) sent.push(await send(socket, room.id, `message ${i}`));
    const limited = await call(socket, 'message:send', { spaceId: room.id, clientId: uuid(), body: 'one too many' });
    expect(limited).toEqual(expect.objectContaining({ ok: false, error: 'RATE_LIMITED', message: expect.any(String), retryAfter: expect.any(Number) }));
    if (limited.ok) return;
    expect(limited.retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfter).toBeLessThanOrEqual(10);
    // Over REST too: the limit is per person and space, not per transport.
    const rest = await sender.agent.post(`/api/spaces/${room.id}/messages`).send({ clientId: uuid(), body: 'via REST' });
    expect(rest.status).toBe(429);
    expect(Number(rest.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number((await api.sql<{ n: string }>('SELECT count(*) AS n FROM messages WHERE space_id = $1', [room.id]))[0].n)).toBe(10);

    // A resend after a lost ack is not a new message, so it is not limited.
    const resend = await call(socket, 'message:send', { spaceId: room.id, clientId: sent[9].clientId, body: 'message 10' });
    expect(resend.ok && resend.message.id).toBe(sent[9].id);
    // Other people, and the same person in another space, are not affected.
    const otherSocket = await connectAndJoin(api.url, other, room.id);
    expect((await send(otherSocket, room.id, 'my turn')).body).toBe('my turn');
    expect((await call(socket, 'message:send', { spaceId: second.id, clientId: uuid(), body: 'elsewhere' })).ok).toBe(true);
  });

  it('more than 60 other events per 10 s from one person are RATE_LIMITED, whichever socket they come from', async () => {
    const person = await registerUser(api.url);
    await person.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
    const socket = await connect(api.url, { cookie: person.cookie });
    const acks = await Promise.all(Array.from({ length: 65 }, () => call(socket, 'space:join', { spaceId: space.id })));
    const limited = acks.filter((a) => !a.ok);
    expect(acks.filter((a) => a.ok)).toHaveLength(60);
    expect(limited).toHaveLength(5);
    for (const a of limited) expect(a).toEqual(expect.objectContaining({ ok: false, error: 'RATE_LIMITED', retryAfter: expect.any(Number) }));
    // Another socket of the same person shares the budget (sockets are cheap to open); another person does not.
    const second = await connect(api.url, { cookie: person.cookie });
    expect(await call(second, 'space:join', { spaceId: space.id })).toEqual(expect.objectContaining({ ok: false, error: 'RATE_LIMITED' }));
    const someoneElse = await connect(api.url, { cookie: host.cookie });
    expect((await call(someoneElse, 'space:join', { spaceId: space.id })).ok).toBe(true);
  });
});
