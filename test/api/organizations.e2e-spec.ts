import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization, resourceBody } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/** Organisations: the registrant is admin, admins manage staff by username, platform admins verify. */
let api: TestApi;
let founder: RegisteredUser;
let colleague: RegisteredUser;
let stranger: RegisteredUser;
let platformStaff: RegisteredUser;
let admin: RegisteredUser;

beforeAll(async () => {
  api = await startApi();
  [founder, colleague, stranger, platformStaff, admin] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [platformStaff.user.id]);
});
afterAll(() => api?.stop());

describe('organisations', () => {
  it('the person who registers one becomes its admin; it starts unverified and is public', async () => {
    const res = await founder.agent
      .post('/api/organizations')
      .send({ name: 'Utcáról Lakásba Egyesület', description: 'Housing first in Budapest.', url: 'https://utcarollakasba.hu', identifiers: [{ scheme: 'hu-adoszam', identifier: '12892312-2-41' }], languages: ['hu', 'en'] })
      .expect(201);
    expect(res.body).toMatchObject({ name: 'Utcáról Lakásba Egyesület', slug: 'utcarol-lakasba-egyesulet', verified: false, verifiedAt: null, myRole: 'admin', languages: ['hu', 'en'] });
    const anon = await request(api.url).get(`/api/organizations/${res.body.slug}`).expect(200);
    expect(anon.body).toMatchObject({ id: res.body.id, myRole: null, identifiers: [{ scheme: 'hu-adoszam', identifier: '12892312-2-41' }] });
    const list = await request(api.url).get('/api/organizations').expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(res.body.id);
  });

  it('identifiers are checked by the registry\'s check digits; nothing is stored on failure', async () => {
    const before = await api.sql(`SELECT count(*)::int AS n FROM organizations`);
    for (const identifier of [{ scheme: 'dk-cvr', identifier: '13585627' }, { scheme: 'fi-ytunnus', identifier: '2077474-1' }, { scheme: 'rs-pib', identifier: '101134703' }, { scheme: 'si-davcna', identifier: '15012556' }]) {
      const res = await founder.agent.post('/api/organizations').send({ name: 'Bad number', description: '', identifiers: [identifier] });
      expectFieldError(res, 'identifiers.0.identifier');
    }
    expectFieldError(await founder.agent.post('/api/organizations').send({ name: 'Bad scheme', description: '', identifiers: [{ scheme: 'de-hrb', identifier: '1' }] }), 'identifiers.0.scheme');
    expect(await api.sql(`SELECT count(*)::int AS n FROM organizations`)).toEqual(before);
    await founder.agent.post('/api/organizations').send({ name: 'Helt Hjem Aarhus', description: '', identifiers: [{ scheme: 'dk-cvr', identifier: '13585628' }, { scheme: 'fi-ytunnus', identifier: '2077474-0' }] }).expect(201);
  });

  it('admins add and remove staff by username; staff may post resources for it, others get 403', async () => {
    const org = await createOrganization(founder);
    expectProblem(await stranger.agent.post(`/api/organizations/${org.id}/staff`).send({ username: stranger.user.username, role: 'admin' }), 403, 'FORBIDDEN');
    expectProblem(await stranger.agent.post('/api/resources').send(resourceBody(org.id)), 403, 'FORBIDDEN');
    // The platform-wide org_staff role gives no power over someone else's organisation.
    expectProblem(await platformStaff.agent.post('/api/resources').send(resourceBody(org.id)), 403, 'FORBIDDEN');

    const added = await founder.agent.post(`/api/organizations/${org.id}/staff`).send({ username: colleague.user.username.toUpperCase(), role: 'staff' }).expect(200);
    expect(added.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ userId: colleague.user.id, role: 'staff' }), expect.objectContaining({ userId: founder.user.id, role: 'admin' })]));
    await colleague.agent.post('/api/resources').send(resourceBody(org.id)).expect(201);
    // Staff are not admins: they cannot add people.
    expectProblem(await colleague.agent.post(`/api/organizations/${org.id}/staff`).send({ username: stranger.user.username }), 403, 'FORBIDDEN');

    await founder.agent.delete(`/api/organizations/${org.id}/staff/${colleague.user.id}`).expect(204);
    expectProblem(await colleague.agent.post('/api/resources').send(resourceBody(org.id)), 403, 'FORBIDDEN');
    expectProblem(await founder.agent.post(`/api/organizations/${org.id}/staff`).send({ username: 'nobody-by-this-name' }), 404, 'USER_NOT_FOUND');
  });

  it('an organisation always keeps an admin', async () => {
    const org = await createOrganization(founder);
    expectProblem(await founder.agent.delete(`/api/organizations/${org.id}/staff/${founder.user.id}`), 422, 'LAST_ORG_ADMIN');
    expectProblem(await founder.agent.post(`/api/organizations/${org.id}/staff`).send({ username: founder.user.username, role: 'staff' }), 422, 'LAST_ORG_ADMIN');
  });

  it('PATCH by its admins only; verify by platform admins only', async () => {
    const org = await createOrganization(founder);
    expectProblem(await stranger.agent.patch(`/api/organizations/${org.id}`).send({ description: 'taken over' }), 403, 'FORBIDDEN');
    const patched = await founder.agent.patch(`/api/organizations/${org.id}`).send({ description: 'Now also in Szeged.', phone: '+36 1 234 5678' }).expect(200);
    expect(patched.body).toMatchObject({ description: 'Now also in Szeged.', phone: '+36 1 234 5678' });
    expectProblem(await founder.agent.post(`/api/organizations/${org.id}/verify`), 403, 'FORBIDDEN');
    // The admin page's list of organisations waiting: ?verified=false (verification is public).
    const waiting = async () => (await request(api.url).get('/api/organizations?verified=false&limit=100').expect(200)).body.items.map((o: { id: string }) => o.id);
    expect(await waiting()).toContain(org.id);
    const verified = await admin.agent.post(`/api/organizations/${org.id}/verify`).expect(200);
    expect(verified.body.verified).toBe(true);
    expect(await waiting()).not.toContain(org.id);
    expect((await request(api.url).get('/api/organizations?verified=true&limit=100').expect(200)).body.items.map((o: { id: string }) => o.id)).toContain(org.id);
    expect(typeof verified.body.verifiedAt).toBe('string');
    expectProblem(await request(api.url).get('/api/organizations/00000000-0000-4000-8000-000000000000'), 404, 'ORGANIZATION_NOT_FOUND');
  });
});
