import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem, uniqueIp } from '../support/http.js';
import { registerUser } from '../support/users.js';

// Two API processes on one database, as behind a load balancer: sessions, tokens and login
// throttles live in the database, so either process honours what the other did.
const limits = { LOGIN_LIMIT_PER_USERNAME: '4', LOGIN_LIMIT_PER_IP: '50' };
let a: TestApi;
let b: TestApi;
beforeAll(async () => {
  a = await startApi({ env: limits });
  b = await startApi({ database: a.database, env: limits });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('accounts across two API processes', () => {
  it('a session started on one process works on the other, and logout on one ends it on both', async () => {
    const { cookie, user } = await registerUser(a.url);
    expect((await request(b.url).get('/api/me').set('Cookie', cookie).expect(200)).body.id).toBe(user.id);
    await request(b.url).post('/api/auth/logout').set('Cookie', cookie).expect(204);
    expectProblem(await request(a.url).get('/api/me').set('Cookie', cookie), 401, 'UNAUTHENTICATED');
  });

  it('a token revoked on one process stops working on the other', async () => {
    const { agent } = await registerUser(a.url);
    const { id, token } = (await agent.post('/api/auth/tokens').send({ name: 'shared' }).expect(201)).body;
    await request(b.url).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    await agent.delete(`/api/auth/tokens/${id}`).expect(204);
    expectProblem(await request(b.url).get('/api/me').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
  });

  it('login failures count together: alternating processes does not get around the throttle', async () => {
    const { user, password } = await registerUser(a.url);
    for (let i = 0; i < 4; i++) {
      const api = i % 2 ? b : a;
      await request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: user.username, password: 'wrong-password-1' }).expect(401);
    }
    for (const api of [a, b]) {
      expectProblem(await request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: user.username, password }), 429, 'LOGIN_THROTTLED');
    }
  });
});
