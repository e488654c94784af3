import pg from 'pg';
import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, connectAndJoin, createSpace } from '../support/sockets.js';
import { registerUser } from '../support/users.js';

/**
 * Plain sends are stored through a line of two statements at a time (chat.service.ts, `SEND_LINE`
 * in chat.repository.ts), each taking its messages' space rows' locks. A space row locked by another
 * session for long (an account's erasure archiving its spaces) must hold up only that space's sends:
 * a statement in the line gives up on a lock after a moment and its messages are stored outside the
 * line. On a real Postgres in every run: the embedded database has no other session to hold a lock.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi({ realPostgres: true, env: { CHAT_SEND_LIMIT: '1000' } });
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

it('a space locked by another session holds up only its own sends, which land once the lock goes', async () => {
  const alice = await registerUser(api.url);
  const locked = await createSpace(alice, { name: 'Locked for a while' });
  const free = await createSpace(alice, { name: 'Going on as usual' });
  const [inLocked, inFree] = await Promise.all([connectAndJoin(api.url, alice, locked.id), connectAndJoin(api.url, alice, free.id)]);

  const holder = new pg.Client({ connectionString: api.databaseUrl() });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM spaces WHERE id = $1 FOR UPDATE', [locked.id]);
    // More than the line's two statements: those waiting behind them are held up too, until the line gives up.
    const lockedSends = Array.from({ length: 5 }, (_, i) => ({ spaceId: locked.id, clientId: crypto.randomUUID(), body: `waiting ${i}` }));
    const lockedAcks = Promise.all(lockedSends.map((s) => call(inLocked, 'message:send', s, 15_000)));
    // Answered while the lock is still held (else each call times out after 5 s).
    const freeAcks = await Promise.all([0, 1, 2].map((i) => call(inFree, 'message:send', { spaceId: free.id, clientId: crypto.randomUUID(), body: `as usual ${i}` })));
    expect(freeAcks).toEqual([0, 1, 2].map((i) => expect.objectContaining({ ok: true, message: expect.objectContaining({ body: `as usual ${i}` }) })));
    const [{ n: stillWaiting }] = (await holder.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE space_id = $1', [locked.id])).rows;
    expect(stillWaiting).toBe(0);

    await holder.query('COMMIT');
    const acks = await lockedAcks;
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    const stored = await api.sql<{ body: string; seq: string }>('SELECT body, seq FROM messages WHERE space_id = $1 ORDER BY seq', [locked.id]);
    expect(stored.map((m) => m.body).sort()).toEqual(lockedSends.map((s) => s.body).sort());
    expect(new Set(stored.map((m) => m.seq)).size).toBe(5);
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
});
