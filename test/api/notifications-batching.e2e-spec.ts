import { startApi, type TestApi } from '../support/api-server.js';
import { PushReceiver, awayFromApp, countedIn, noPendingPushes, pushesAllowed } from '../support/push-receiver.js';
import { closeAllSockets, connectAndJoin, createSpace, send, sleep } from '../support/sockets.js';
import { registerUser } from '../support/users.js';

/**
 * "One push per conversation per window, batched" with two API processes delivering from one
 * queue. Batches of one delivery and a fast timer make both processes lease parts of the same
 * conversation at once — the case that used to leave the part one process held out of the other's
 * batched push and send it as an extra push a window later.
 */
const WINDOW_MS = 4000;
const receiver = new PushReceiver();
let api1: TestApi;
let api2: TestApi;
beforeAll(async () => {
  const env = {
    NODE_EXTRA_CA_CERTS: receiver.certFile,
    CHAT_SEND_LIMIT: '1000',
    NOTIFY_INTERVAL_MS: '100',
    NOTIFY_BATCH_SIZE: '1',
    NOTIFY_PUSH_DELAY_MS: '200',
    NOTIFY_CONVERSATION_WINDOW_MS: String(WINDOW_MS),
  };
  api1 = await startApi({ env });
  api2 = await startApi({ database: api1.database, env });
  await receiver.start();
}, 150_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await api2?.stop();
  await api1?.stop();
  await receiver.stop();
});

it('many quick messages with two processes delivering: one push, then one batched push counting every other message once', async () => {
  const alice = await registerUser(api1.url);
  const bob = await registerUser(api1.url);
  const space = await createSpace(alice, { name: `Helt Hjem Aarhus ${Date.now().toString(36)}` }, [bob]);
  await bob.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'all' } }).expect(200);
  const device = await receiver.subscribe(bob);
  await awayFromApp(api1, bob);
  const a = await connectAndJoin(api1.url, alice, space.id);
  const messages = 16;
  for (let i = 0; i < messages; i++) await send(a, space.id, `news ${i}`);
  // Wait until nothing is left to push for Bob, then a moment for the last push to arrive.
  await noPendingPushes(api1, bob.user.id);
  await sleep(500);
  const pushes = receiver.received.filter((r) => r.path === device.path).map((r) => device.read(r).body);
  // Every message is counted in exactly one push …
  expect(pushes.reduce((sum, body) => sum + countedIn(body), 0)).toBe(messages);
  // … and there is one push per window the messages kept coming in, plus the first one (2 unless the machine is very slow).
  expect(pushes.length).toBeLessThanOrEqual(await pushesAllowed(api1, bob.user.id, space.id, WINDOW_MS));
  const states = await api1.sql<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM notification_deliveries WHERE user_id = $1 AND channel = 'push' GROUP BY status ORDER BY status`,
    [bob.user.id],
  );
  expect(states).toEqual([
    { status: 'batched', n: messages - pushes.length },
    { status: 'sent', n: pushes.length },
  ]);
}, 60_000);
