import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { registerUser } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

describe('blocking people', () => {
  it('block lists the person in /me/blocks; blocking twice keeps one entry; unblock removes it', async () => {
    const me = await registerUser(api.url);
    const them = await registerUser(api.url, { displayName: 'Them' });
    await me.agent.post(`/api/users/${them.user.id}/block`).expect(204);
    await me.agent.post(`/api/users/${them.user.id}/block`).expect(204);
    expect((await me.agent.get('/api/me/blocks').expect(200)).body).toEqual({
      items: [{ id: them.user.id, username: them.user.username, displayName: 'Them' }],
    });
    // Blocking is personal: the other side's list is untouched.
    expect((await them.agent.get('/api/me/blocks').expect(200)).body).toEqual({ items: [] });

    await me.agent.delete(`/api/users/${them.user.id}/block`).expect(204);
    expect((await me.agent.get('/api/me/blocks').expect(200)).body).toEqual({ items: [] });
    // Unblocking someone not blocked is harmless.
    await me.agent.delete(`/api/users/${them.user.id}/block`).expect(204);
  });

  it('works with a personal access token too', async () => {
    const me = await registerUser(api.url);
    const them = await registerUser(api.url);
    const { token } = (await me.agent.post('/api/auth/tokens').send({ name: 'client' }).expect(201)).body;
    await request(api.url).post(`/api/users/${them.user.id}/block`).set('Authorization', `Bearer ${token}`).expect(204);
    expect((await me.agent.get('/api/me/blocks')).body.items.map((u: { id: string }) => u.id)).toEqual([them.user.id]);
  });

  it('yourself: 422 CANNOT_BLOCK_SELF, and nothing is stored', async () => {
    const me = await registerUser(api.url);
    expectProblem(await me.agent.post(`/api/users/${me.user.id}/block`), 422, 'CANNOT_BLOCK_SELF');
    expect((await me.agent.get('/api/me/blocks')).body.items).toEqual([]);
  });

  it('someone who does not exist: 404 USER_NOT_FOUND', async () => {
    const me = await registerUser(api.url);
    expectProblem(await me.agent.post('/api/users/6f1c9a4e-0d2b-4c7e-9a1f-3b5d7e9f1a2c/block'), 404, 'USER_NOT_FOUND');
    expect((await me.agent.get('/api/me/blocks')).body.items).toEqual([]);
  });

  it('an id that is not a UUID: 404 problem+json, not a 500', async () => {
    const me = await registerUser(api.url);
    expectProblem(await me.agent.post("/api/users/1'%20OR%201=1/block"), 404, 'NOT_FOUND');
    expectProblem(await me.agent.delete('/api/users/123/block'), 404, 'NOT_FOUND');
  });

  it('needs credentials (401)', async () => {
    const them = await registerUser(api.url);
    expectProblem(await request(api.url).post(`/api/users/${them.user.id}/block`), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).delete(`/api/users/${them.user.id}/block`), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get('/api/me/blocks'), 401, 'UNAUTHENTICATED');
  });
});
