import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { call, connect, type ChatClient } from '../support/sockets.js';
import { registerUser } from '../support/users.js';

/**
 * Overload degrades gracefully (issue 16): past CHAT_SENDS_IN_FLIGHT sends at once, and as many
 * waiting (each for at most CHAT_SEND_WAIT_MS), an API process refuses a send with BUSY and a
 * retry hint; resending with the same clientId stores each message exactly once.
 */
let api: TestApi;
let socket: ChatClient;
let spaceId: string;

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SENDS_IN_FLIGHT: '1', CHAT_SEND_LIMIT: '1000' } });
  const host = await registerUser(api.url);
  const res = await request(api.url).post('/api/spaces').set('cookie', host.cookie).send({ name: 'Busy evening', description: 'Many messages', visibility: 'public' }).expect(201);
  spaceId = res.body.id;
  socket = await connect(api.url, { cookie: host.cookie });
  expect((await call(socket, 'space:join', { spaceId })).ok).toBe(true);
});
afterAll(async () => {
  socket?.disconnect();
  await api?.stop();
});

it('refuses sends beyond capacity with BUSY and a hint, and a resend with the same clientId lands once', async () => {
  const sends = Array.from({ length: 20 }, (_, i) => ({ spaceId, clientId: crypto.randomUUID(), body: `message ${i}` }));
  const first = await Promise.all(sends.map((s) => call(socket, 'message:send', s)));
  const busy = first.filter((a) => !a.ok);
  expect(busy.length).toBeGreaterThan(0);
  for (const a of busy) {
    expect(a).toMatchObject({ ok: false, error: 'BUSY' });
    expect(a.ok === false && a.retryAfterMs).toBeGreaterThanOrEqual(250);
    // A full server, not a held space: the web client spaces its resends out further each time.
    expect(a.ok === false && a.spaceHeld).toBeUndefined();
    expect(a.ok === false && a.message).toMatch(/\w/);
  }
  // Every send again, one at a time, as a client would after the hint: the ones that landed answer
  // with their stored message, the refused ones land now.
  for (const s of sends) {
    const again = await call(socket, 'message:send', s);
    expect(again).toMatchObject({ ok: true, message: { clientId: s.clientId, body: s.body } });
  }
  const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE space_id = $1`, [spaceId]);
  expect(n).toBe(20);
});
