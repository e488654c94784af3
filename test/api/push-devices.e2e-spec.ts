import { randomBytes } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The devices a person gets Web Push on, as the settings page lists them: named, mine only, and
 * removable one by one (a lost phone). Someone else's device is "not found", never removed.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const keys = { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) };
const endpoint = () => `https://push.example.test/send/${randomBytes(8).toString('hex')}`;

async function subscribe(user: RegisteredUser, name?: string) {
  const res = await user.agent.post('/api/push/subscriptions').send({ endpoint: endpoint(), keys, ...(name !== undefined && { name }) });
  return res;
}

it('lists my devices with their names, newest first, and nobody else\'s', async () => {
  const kata = await registerUser(api.url);
  const other = await registerUser(api.url);
  await subscribe(other, 'Not yours').then((res) => expect(res.status).toBe(201));
  const laptop = await subscribe(kata, '  Laptop  ');
  expect(laptop.status).toBe(201);
  const phone = await subscribe(kata);
  expect(phone.status).toBe(201);
  const listed = await kata.agent.get('/api/push/subscriptions').expect(200);
  expect(listed.body.items).toEqual([
    { id: phone.body.id, name: null, createdAt: expect.any(String), lastUsedAt: null },
    { id: laptop.body.id, name: 'Laptop', createdAt: expect.any(String), lastUsedAt: null },
  ]);
  // The endpoint (a capability for that device) is not handed out.
  expect(JSON.stringify(listed.body)).not.toContain('push.example.test');
});

it('refuses a name longer than 80 characters, naming the field, and keeps nothing', async () => {
  const user = await registerUser(api.url);
  const res = await subscribe(user, 'x'.repeat(81));
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(JSON.stringify(res.body)).toContain('name');
  expect(await api.sql('SELECT 1 FROM push_subscriptions WHERE user_id = $1', [user.user.id])).toEqual([]);
});

it('removes one of my devices; someone else\'s or a made-up id is not found and stays', async () => {
  const owner = await registerUser(api.url);
  const stranger = await registerUser(api.url);
  const device = await subscribe(owner, 'Phone');
  await stranger.agent.delete(`/api/push/subscriptions/${device.body.id}`).expect(404);
  await stranger.agent.delete('/api/push/subscriptions/not-a-uuid').expect(404);
  expect(await api.sql('SELECT name FROM push_subscriptions WHERE id = $1', [device.body.id])).toEqual([{ name: 'Phone' }]);
  await owner.agent.delete(`/api/push/subscriptions/${device.body.id}`).expect(204);
  expect((await owner.agent.get('/api/push/subscriptions').expect(200)).body.items).toEqual([]);
  await owner.agent.delete(`/api/push/subscriptions/${device.body.id}`).expect(404);
});

it('asks who is asking: signed out, the list and removal answer 401', async () => {
  const { default: request } = await import('supertest');
  await request(api.url).get('/api/push/subscriptions').expect(401);
  await request(api.url).delete(`/api/push/subscriptions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).expect(401);
});
