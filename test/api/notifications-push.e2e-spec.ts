import { startApi, type TestApi } from '../support/api-server.js';
import { PushReceiver, awayFromApp, countedIn, noPendingPushes, pushesAllowed } from '../support/push-receiver.js';
import { closeAllSockets, connectAndJoin, createSpace, send, sleep } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Web Push against a local HTTPS receiver (its self-signed certificate trusted by the API through
 * NODE_EXTRA_CA_CERTS) playing the push service: it decrypts what arrives with
 * the keys the "device" subscribed with, so the test reads exactly what a phone would show. Direct
 * messages carry no words of the message; a device the service says is gone (410) is forgotten.
 */
const env = { NOTIFY_PUSH_DELAY_MS: '300', NOTIFY_INTERVAL_MS: '200', NOTIFY_CONVERSATION_WINDOW_MS: '2000', CHAT_SEND_LIMIT: '1000' };
let api: TestApi;
const receiver = new PushReceiver();
const answers = receiver.answers;
let receiverUrl: string;

beforeAll(async () => {
  api = await startApi({ env: { ...env, NODE_EXTRA_CA_CERTS: receiver.certFile } });
  await receiver.start();
  receiverUrl = receiver.url;
}, 60_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await api?.stop();
  await receiver.stop();
});

const subscribe = (who: RegisteredUser) => receiver.subscribe(who);
const away = (who: RegisteredUser) => awayFromApp(api, who);
const arrivals = (path: string, count: number, ms?: number) => receiver.arrivals(path, count, ms);

it('GET /api/push/key answers the VAPID public key (65 bytes, base64url)', async () => {
  const res = await fetch(`${api.url}/api/push/key`);
  expect(res.status).toBe(200);
  const { publicKey } = (await res.json()) as { publicKey: string };
  expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
});

it('a direct message reaches the device encrypted, with no words of the message, a TTL and a VAPID signature', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  // They share a group space, so the conversation opens straight away (no message request).
  const space = await createSpace(alice, {}, [bob]);
  const conversation = await alice.agent.post('/api/conversations').send({ userId: bob.user.id }).expect((r) => expect(r.status).toBeLessThan(300));
  const device = await subscribe(bob);
  await away(bob);
  const a = await connectAndJoin(api.url, alice, conversation.body.spaceId);
  await send(a, conversation.body.spaceId, 'my secret is in here');
  const [push] = await arrivals(device.path, 1);
  expect(push).toBeDefined();
  expect(push.headers['content-encoding']).toBe('aes128gcm');
  expect(Number(push.headers.ttl)).toBeGreaterThan(0);
  expect(push.headers.authorization).toMatch(/^vapid t=.+, k=.+/);
  expect(push.body.length).toBeLessThanOrEqual(4096);
  const shown = device.read(push);
  expect(shown).toEqual({ title: 'Sorstárs', body: 'New message in Sorstárs', url: `/messages/${conversation.body.id}`, tag: expect.any(String) });
  expect(JSON.stringify(shown)).not.toContain('secret');
  expect(JSON.stringify(shown)).not.toContain(space.name);
});

it('a mention in a group names the space only, batches what follows, and a device the service says is gone is forgotten', async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url);
  const carol = await registerUser(api.url);
  const space = await createSpace(alice, { name: `Helt Hjem Aarhus ${Date.now().toString(36)}` }, [bob, carol]);
  await bob.agent.put('/api/notifications/preferences').send({ spaces: { [space.id]: 'all' } }).expect(200);
  const device = await subscribe(bob);
  await away(bob);
  const a = await connectAndJoin(api.url, alice, space.id);
  await send(a, space.id, `@${bob.user.username} the keys are under the mat`);
  const [first] = await arrivals(device.path, 1);
  expect(device.read(first)).toEqual(expect.objectContaining({ title: space.name, body: `You were mentioned in ${space.name}` }));
  expect(JSON.stringify(device.read(first))).not.toContain('mat');
  for (const body of ['one', 'two', 'three']) await send(a, space.id, body);
  await noPendingPushes(api, bob.user.id);
  await sleep(500);
  const later = (await arrivals(device.path, 2)).slice(1).map((r) => device.read(r).body);
  // Batched: each of the three counted once, in one push unless the machine was so slow that
  // the sending outlasted the window (measured with the database's times).
  expect(later.reduce((sum, body) => sum + countedIn(body), 0)).toBe(3);
  expect(1 + later.length).toBeLessThanOrEqual(await pushesAllowed(api, bob.user.id, space.id, 2000));
  expect(later.at(-1)).toMatch(new RegExp(`^(\\d+ new messages|New message) in ${space.name}$`));
  answers.set(device.path, 410);
  await sleep(2100);
  await send(a, space.id, 'four');
  await arrivals(device.path, 2 + later.length);
  await sleep(300);
  expect(await api.sql(`SELECT 1 FROM push_subscriptions WHERE user_id = $1`, [bob.user.id])).toEqual([]);
});

it('refuses a subscription that is not a push endpoint, and unsubscribes', async () => {
  const bob = await registerUser(api.url);
  await bob.agent.post('/api/push/subscriptions').send({ endpoint: 'ftp://example.org/x', keys: { p256dh: 'a'.repeat(87), auth: 'b'.repeat(22) } }).expect(422);
  await bob.agent.post('/api/push/subscriptions').send({ endpoint: `${receiverUrl}/x`, keys: { p256dh: 'not base64!', auth: 'b'.repeat(22) } }).expect(422);
  expect(await api.sql(`SELECT 1 FROM push_subscriptions WHERE user_id = $1`, [bob.user.id])).toEqual([]);
  const device = await subscribe(bob);
  await bob.agent.delete('/api/push/subscriptions').send({ endpoint: `${receiverUrl}${device.path}` }).expect(204);
  expect(await api.sql(`SELECT 1 FROM push_subscriptions WHERE user_id = $1`, [bob.user.id])).toEqual([]);
});

it("pushes are in the recipient's language; previews, when turned on, are short and never for private categories; payloads stay under 3 KB", async () => {
  const alice = await registerUser(api.url);
  const bob = await registerUser(api.url, { locale: 'hu' });
  const space = await createSpace(alice, { name: `Helt Hjem Aarhus ${Date.now().toString(36)}` }, [bob]);
  const device = await subscribe(bob);
  await away(bob);
  // Without previews: the space only, in Hungarian.
  const a = await connectAndJoin(api.url, alice, space.id);
  await send(a, space.id, `@${bob.user.username} secret plans for Friday`);
  const [plain] = await arrivals(device.path, 1);
  expect(device.read(plain)).toEqual(expect.objectContaining({ title: space.name, body: `Megemlítettek itt: ${space.name}` }));
  // With previews: the author and the first words, at most 100 characters.
  await bob.agent.put('/api/notifications/preferences').send({ previews: true }).expect(200);
  const other = await createSpace(alice, { name: `Second ${Date.now().toString(36)}` }, [bob]);
  const b = await connectAndJoin(api.url, alice, other.id);
  const long = `@${bob.user.username} ${'the bus leaves from the square at nine, bring warm clothes and your papers '.repeat(20)}`;
  await send(b, other.id, long);
  const [, preview] = await arrivals(device.path, 2);
  expect(preview.body.length).toBeLessThanOrEqual(4096);
  const shown = device.read(preview);
  expect(JSON.stringify(shown).length).toBeLessThanOrEqual(3072);
  expect(shown.title).toBe(other.name);
  expect([...shown.body].length).toBeLessThanOrEqual(100);
  expect(shown.body).toMatch(new RegExp(`^.+: @${bob.user.username} the bus leaves`));
  expect(shown.body.endsWith('…')).toBe(true);
  // A direct message stays without words even with previews on, in Hungarian.
  await createSpace(alice, {}, [bob]);
  const conversation = await alice.agent.post('/api/conversations').send({ userId: bob.user.id }).expect((r) => expect(r.status).toBeLessThan(300));
  const c = await connectAndJoin(api.url, alice, conversation.body.spaceId);
  await send(c, conversation.body.spaceId, 'my address is 12 Hidden Street');
  const [, , direct] = await arrivals(device.path, 3);
  expect(device.read(direct)).toEqual({ title: 'Sorstárs', body: 'Új üzenet a Sorstársban', url: `/messages/${conversation.body.id}`, tag: expect.any(String) });
});
