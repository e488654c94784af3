import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectNoSecrets, expectProblem } from '../support/http.js';
import { registerUser } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;

describe('personal access tokens', () => {
  it('are shown once, listed without the secret, and authenticate as Bearer', async () => {
    const { agent, user } = await registerUser(api.url);
    const created = await agent.post('/api/auth/tokens').send({ name: 'calendar app' }).expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'calendar app',
      token: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
    });
    const { token } = created.body;
    expect(token.length).toBeGreaterThanOrEqual(32);

    const me = await request(api.url).get('/api/me').set(bearer(token)).expect(200);
    expect(me.body.id).toBe(user.id);

    const list = await agent.get('/api/auth/tokens').expect(200);
    expect(list.body.items).toEqual([{ id: created.body.id, name: 'calendar app', createdAt: expect.any(String), lastUsedAt: expect.any(String), expiresAt: null }]);
    expectNoSecrets(list.body, token);

    // Only the hash is stored.
    const stored = await api.sql<{ token_hash: string }>('SELECT token_hash FROM access_tokens WHERE id = $1', [created.body.id]);
    expect(stored[0].token_hash).not.toContain(token);
  });

  it("note their last use at most once a minute, and neither an expired one's nor a suspended person's", async () => {
    const { agent, user } = await registerUser(api.url);
    const { id, token } = (await agent.post('/api/auth/tokens').send({ name: 'busy script' }).expect(201)).body;
    const lastUsed = async () => (await api.sql<{ at: string | null }>(`SELECT last_used_at::text AS at FROM access_tokens WHERE id = $1`, [id]))[0].at;
    /** Moves the last use two minutes back, so the next accepted call would note it again. */
    const age = async () => {
      await api.sql(`UPDATE access_tokens SET last_used_at = last_used_at - interval '2 minutes' WHERE id = $1`, [id]);
      return lastUsed();
    };
    const me = () => request(api.url).get('/api/me').set(bearer(token));

    await me().expect(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await me().expect(200);
    expect(await lastUsed()).toBe(first);

    const aged = await age();
    await me().expect(200);
    const [{ later }] = await api.sql<{ later: boolean }>(`SELECT last_used_at > $2::timestamptz AS later FROM access_tokens WHERE id = $1`, [id, aged]);
    expect(later).toBe(true);

    await api.sql(`UPDATE users SET status = 'suspended' WHERE id = $1`, [user.id]);
    const beforeSuspended = await age();
    expectProblem(await me(), 401, 'UNAUTHENTICATED');
    expect(await lastUsed()).toBe(beforeSuspended);
    await api.sql(`UPDATE users SET status = 'active' WHERE id = $1`, [user.id]);

    await api.sql(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const beforeExpired = await age();
    expectProblem(await me(), 401, 'UNAUTHENTICATED');
    expect(await lastUsed()).toBe(beforeExpired);
  });

  it('with expiresInDays carry an expiry, and stop working once it has passed', async () => {
    const { agent } = await registerUser(api.url);
    const created = await agent.post('/api/auth/tokens').send({ name: 'short-lived', expiresInDays: 7 }).expect(201);
    const expiresIn = Date.parse(created.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(6.9 * DAY);
    expect(expiresIn).toBeLessThan(7.1 * DAY);
    await request(api.url).get('/api/me').set(bearer(created.body.token)).expect(200);

    await api.sql(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    expectProblem(await request(api.url).get('/api/me').set(bearer(created.body.token)), 401, 'UNAUTHENTICATED');
  });

  it('revoked: 204, then the token answers 401, and revoking again is 404 TOKEN_NOT_FOUND', async () => {
    const { agent } = await registerUser(api.url);
    const { id, token } = (await agent.post('/api/auth/tokens').send({ name: 'to revoke' }).expect(201)).body;
    await agent.delete(`/api/auth/tokens/${id}`).expect(204);
    expectProblem(await request(api.url).get('/api/me').set(bearer(token)), 401, 'UNAUTHENTICATED');
    expect((await agent.get('/api/auth/tokens').expect(200)).body.items).toEqual([]);
    expectProblem(await agent.delete(`/api/auth/tokens/${id}`), 404, 'TOKEN_NOT_FOUND');
  });

  it("cannot be revoked by someone else: 404, and the owner's token keeps working", async () => {
    const owner = await registerUser(api.url);
    const stranger = await registerUser(api.url);
    const { id, token } = (await owner.agent.post('/api/auth/tokens').send({ name: 'mine' }).expect(201)).body;
    expectProblem(await stranger.agent.delete(`/api/auth/tokens/${id}`), 404, 'TOKEN_NOT_FOUND');
    await request(api.url).get('/api/me').set(bearer(token)).expect(200);
    expect((await stranger.agent.get('/api/auth/tokens')).body.items).toEqual([]);
  });

  it('a token can act for its owner (e.g. list tokens), and a random bearer string cannot', async () => {
    const { agent } = await registerUser(api.url);
    const { token } = (await agent.post('/api/auth/tokens').send({ name: 'api' }).expect(201)).body;
    expect((await request(api.url).get('/api/auth/tokens').set(bearer(token)).expect(200)).body.items).toHaveLength(1);
    expectProblem(await request(api.url).get('/api/auth/tokens').set(bearer(`${token}x`)), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get('/api/auth/tokens').set(bearer('sst_' + 'a'.repeat(43))), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['missing name', {}, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['name is a number', { name: 5 }, 'name'],
    ['name of 65 characters', { name: 'n'.repeat(65) }, 'name'],
    ['expiresInDays 0', { name: 'x', expiresInDays: 0 }, 'expiresInDays'],
    ['expiresInDays as a string', { name: 'x', expiresInDays: '7' }, 'expiresInDays'],
    ['expiresInDays fractional', { name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
    ['expiresInDays over ten years', { name: 'x', expiresInDays: 4000 }, 'expiresInDays'],
    ['an unknown field', { name: 'x', scopes: ['all'] }, 'scopes'],
  ])('create with %s: 422 and no token is made', async (_, body, path) => {
    const { agent } = await registerUser(api.url);
    expectFieldError(await agent.post('/api/auth/tokens').send(body), path);
    expect((await agent.get('/api/auth/tokens').expect(200)).body.items).toEqual([]);
  });

  it('revoking with an id that is not a UUID: 404 problem+json', async () => {
    const { agent } = await registerUser(api.url);
    expectProblem(await agent.delete('/api/auth/tokens/not-a-uuid'), 404, 'NOT_FOUND');
  });

  it.each([
    ['GET', '/api/auth/tokens'],
    ['POST', '/api/auth/tokens'],
    ['DELETE', '/api/auth/tokens/00000000-0000-4000-8000-000000000000'],
  ])('%s %s needs credentials (401)', async (method, path) => {
    const res = await request(api.url)[method.toLowerCase() as 'get' | 'post' | 'delete'](path).send({ name: 'x' });
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });
});
