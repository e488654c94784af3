import pg from 'pg';
import type { Ack } from '@sorstars/shared';
import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connectAndJoin, createSpace, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser } from '../support/users.js';

/**
 * Plain sends are stored through a line of two statements at a time (chat.service.ts, `SEND_LINE`
 * in chat.repository.ts), each taking its messages' space rows' locks. A space row locked by another
 * session for long (an account's erasure archiving its spaces) must hold up only that space's sends:
 * a statement in the line gives up on a lock after a moment, and that space's sends are refused
 * with BUSY for a moment, which clients resend. On a real Postgres in every run: the embedded
 * database has no other session to hold a lock.
 */
let api: TestApi;
beforeAll(async () => {
  // Every send admitted at once: a BUSY here is the locked space's, never admission's (chat-busy).
  api = await startApi({ realPostgres: true, env: { CHAT_SEND_LIMIT: '1000', CHAT_SENDS_IN_FLIGHT: '64' } });
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

type SendAck = Ack<{ message: { body: string } }>;

/** Runs `work` while another session holds these spaces' rows, as a long transaction would. */
async function whileLocked(spaceIds: string[], work: () => Promise<void>): Promise<void> {
  const holder = new pg.Client({ connectionString: api.databaseUrl() });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM spaces WHERE id = ANY($1) FOR UPDATE', [spaceIds]);
    await work();
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
}

/** As the web client does: a BUSY send again after the hint, the same clientId. */
async function sendUntilStored(socket: ChatClient, payload: { spaceId: string; clientId: string; body: string }): Promise<SendAck> {
  let ack = (await call(socket, 'message:send', payload)) as SendAck;
  for (let tries = 0; !ack.ok && ack.error === 'BUSY' && tries < 5; tries++) {
    await sleep(ack.retryAfterMs ?? 500);
    ack = (await call(socket, 'message:send', payload)) as SendAck;
  }
  return ack;
}

it('a space locked by another session holds up only its own sends: refused with BUSY meanwhile, stored once each in order after', async () => {
  const alice = await registerUser(api.url);
  const locked = await createSpace(alice, { name: 'Locked for a while' });
  const free = await createSpace(alice, { name: 'Going on as usual' });
  const lockedToo = await createSpace(alice, { name: 'Locked as well' });
  const [inLocked, inFree, inLockedToo] = await Promise.all([locked, free, lockedToo].map((s) => connectAndJoin(api.url, alice, s.id)));
  const lockedSends = Array.from({ length: 12 }, (_, i) => ({ spaceId: locked.id, clientId: crypto.randomUUID(), body: `waiting ${i}` }));
  // Stored before the lock; its resend (a lost ack) comes while the space is held.
  const before = { spaceId: locked.id, clientId: crypto.randomUUID(), body: 'before the lock' };
  expect(await call(inLocked, 'message:send', before)).toMatchObject({ ok: true });

  await whileLocked([locked.id, lockedToo.id], async () => {
    // A send that mentions someone, stored beside the line, is bounded the same way: refused after
    // a moment, not left waiting, though no plain send has met the lock yet.
    expect(await call(inLockedToo, 'message:send', { spaceId: lockedToo.id, clientId: crypto.randomUUID(), body: 'anyone, @nobody_here?' }, 2_000)).toMatchObject({ ok: false, error: 'BUSY', spaceHeld: true });
    // More than the line's two statements, and more than the main pool's ten connections.
    const lockedAcks = Promise.all(lockedSends.map((s) => call(inLocked, 'message:send', s) as Promise<SendAck>));
    // Answered while the lock is still held (else each call times out after 5 s).
    const freeAcks = await Promise.all([0, 1, 2].map((i) => call(inFree, 'message:send', { spaceId: free.id, clientId: crypto.randomUUID(), body: `as usual ${i}` })));
    expect(freeAcks).toEqual([0, 1, 2].map((i) => expect.objectContaining({ ok: true, message: expect.objectContaining({ body: `as usual ${i}` }) })));
    // The locked space's sends are refused, not left waiting, with a hint to try again: when the
    // space's hold ends, which the web client waits for as it is (chat-busy-resend.spec.ts).
    for (const ack of await lockedAcks) expect(ack).toMatchObject({ ok: false, error: 'BUSY', retryAfterMs: expect.any(Number), spaceHeld: true });
    // So is a send that mentions someone, which does not go through the line: at once, not after the lock.
    lockedSends.push({ spaceId: locked.id, clientId: crypto.randomUUID(), body: 'are you there, @nobody_here?' });
    expect(await call(inLocked, 'message:send', lockedSends[12], 1_000)).toMatchObject({ ok: false, error: 'BUSY', spaceHeld: true });
    // Sent over REST, the same: 503 with when to try again.
    const rest = await alice.agent.post(`/api/spaces/${locked.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'over plain HTTP' }).expect(503);
    expect(rest.body).toMatchObject({ code: 'BUSY' });
    expect(Number(rest.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A resend of a message stored before is answered with it, held space or not.
    expect(await call(inLocked, 'message:send', before, 1_000)).toMatchObject({ ok: true, message: { clientId: before.clientId, body: before.body } });
  });
  // The lock has gone: the same sends again, one after another, as the client would.
  for (const s of lockedSends) expect(await sendUntilStored(inLocked, s)).toMatchObject({ ok: true, message: { body: s.body } });
  const stored = await api.sql<{ body: string }>('SELECT body FROM messages WHERE space_id = $1 ORDER BY seq', [locked.id]);
  expect(stored.map((m) => m.body)).toEqual([before, ...lockedSends].map((s) => s.body));
});

it('a send held for review to a locked space is refused after a moment too, not left holding a connection while it waits', async () => {
  const [host, member] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
  const reviewed = await createSpace(host, { name: 'Some words looked at first' }, [member]);
  await host.agent.post('/api/moderation/watched-words').send({ word: 'address', action: 'approve', spaceId: reviewed.id }).expect(201);
  const socket = await connectAndJoin(api.url, member, reviewed.id);
  const held = { spaceId: reviewed.id, clientId: crypto.randomUUID(), body: 'my new address is on the door' };

  await whileLocked([reviewed.id], async () => {
    // No other send has met this lock: the send finds it itself, on the main pool, and gives up
    // on it after a moment (without the bound it waits out the lock, past this 2 s ack).
    expect(await call(socket, 'message:send', held, 2_000)).toMatchObject({ ok: false, error: 'BUSY', spaceHeld: true });
  });
  // The lock has gone: stored once, for review.
  expect(await sendUntilStored(socket, held)).toMatchObject({ ok: true, message: { body: held.body, moderation: { state: 'pending' } } });
  const stored = await api.sql<{ moderation_state: string }>('SELECT moderation_state FROM messages WHERE space_id = $1', [reviewed.id]);
  expect(stored).toEqual([{ moderation_state: 'pending' }]);
});
