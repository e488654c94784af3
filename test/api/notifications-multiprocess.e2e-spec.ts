import { startApi, type TestApi } from '../support/api-server.js';
import { closeAllSockets, collect, connect, connectAndJoin, createSpace, send, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Two API processes on one database, both running the delivery worker (every 100 ms) and sharing
 * rooms through Redis: each notification goes live once, whichever process leases it; a process
 * killed with deliveries leased leaves them to the other once its lease (2 s here) runs out.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const env = { REDIS_URL, CHAT_SEND_LIMIT: '1000', NOTIFY_INTERVAL_MS: '100', NOTIFY_LEASE_SECONDS: '2', NOTIFY_PUSH_DELAY_MS: '300' };

let api1: TestApi;
let api2: TestApi;
beforeAll(async () => {
  api1 = await startApi({ env });
  api2 = await startApi({ database: api1.database, env });
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await api2?.stop();
  await api1?.stop();
});

async function membersListeningToAll(n: number) {
  const alice = await registerUser(api1.url);
  const members: RegisteredUser[] = [];
  for (let i = 0; i < n; i++) members.push(await registerUser(api1.url));
  const space = await createSpace(alice, {}, members);
  for (const m of members) await m.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'all' } }).expect(200);
  return { alice, members, space };
}

const pendingDeliveries = (spaceId: string) =>
  api1.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.space_id = $1 AND d.status = 'pending'`,
    [spaceId],
  );

it('with two processes delivering, every person hears of every message exactly once', async () => {
  const { alice, members, space } = await membersListeningToAll(12);
  // Half the members on each process; the author writes through process 1.
  const sockets: ChatClient[] = [];
  for (const [i, m] of members.entries()) sockets.push(await connect((i % 2 ? api2 : api1).url, { cookie: m.cookie }));
  const heard = sockets.map((s) => collect(s, 'notification:new'));
  const a = await connectAndJoin(api1.url, alice, space.id);
  const sent = [];
  for (let i = 0; i < 5; i++) sent.push(await send(a, space.id, `news ${i}`));
  for (const h of heard) await h.waitFor(5, 8000);
  await sleep(500);
  for (const h of heard) {
    const ids = h.items.map((x) => x.notification.data.messageId);
    expect([...ids].sort()).toEqual(sent.map((m) => m.id).sort());
  }
  const rows = await api1.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE space_id = $1`, [space.id]);
  expect(rows[0].n).toBe(12 * 5);
});

it('deliveries leased by a process that was killed are delivered by the other, once', async () => {
  const { alice, members, space } = await membersListeningToAll(6);
  const sockets = [];
  for (const m of members) sockets.push(await connect(api1.url, { cookie: m.cookie }));
  const heard = sockets.map((s) => collect(s, 'notification:new'));
  // Process 2 dies the hard way; leases it holds then (as if mid-send) must not strand anything.
  await api2.kill('SIGKILL');
  const a = await connectAndJoin(api1.url, alice, space.id);
  const msg = await send(a, space.id, 'after the crash');
  // What a process killed between its lease and its send leaves behind: rows leased, not settled
  // (written here as the dead process would have, since no live one can be stopped at that point).
  const orphan = await api1.sql<{ id: string }>(
    `WITH n AS (INSERT INTO notifications (user_id, kind, data, dedupe_key, subject_type, subject_id, space_id)
                SELECT u, 'chat.mention', jsonb_build_object('messageId', $2::text, 'spaceId', $3::text), 'orphan:' || $2, 'message', $2::uuid, $3::uuid
                  FROM unnest($1::uuid[]) AS u RETURNING id, user_id)
     INSERT INTO notification_deliveries (notification_id, user_id, channel, leased_until, attempts)
     SELECT id, user_id, 'in_app', now() + interval '2 seconds', 1 FROM n RETURNING id`,
    [members.map((m) => m.user.id), msg.id, space.id],
  );
  expect(orphan).toHaveLength(members.length);
  for (const h of heard) await h.waitFor(2, 10_000);
  await sleep(800);
  for (const h of heard) expect(h.items.map((x) => x.notification.data.messageId)).toEqual([msg.id, msg.id]);
  const left = await (async () => {
    for (let i = 0; i < 50; i++) {
      const [{ n }] = await pendingDeliveries(space.id);
      if (n === 0) return 0;
      await sleep(200);
    }
    return -1;
  })();
  expect(left).toBe(0);
});
