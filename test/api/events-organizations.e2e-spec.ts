import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/** Public events are posted for an organisation by its staff, who then manage them together. */
let api: TestApi;
let founder: RegisteredUser;
let colleague: RegisteredUser;
let stranger: RegisteredUser;
let platformStaff: RegisteredUser;
let org: { id: string };

const event = (organizationId?: string) => ({
  title: 'Open day at the association',
  kind: 'multiplier',
  startsAt: '2027-05-04T10:00:00+02:00',
  endsAt: '2027-05-04T14:00:00+02:00',
  timezone: 'Europe/Budapest',
  ...(organizationId && { organizationId }),
});

beforeAll(async () => {
  api = await startApi();
  [founder, colleague, stranger, platformStaff] = await Promise.all([1, 2, 3, 4].map(() => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [platformStaff.user.id]);
  org = await createOrganization(founder, 'Utcáról Lakásba Egyesület');
  await founder.agent.post(`/api/organizations/${org.id}/staff`).send({ username: colleague.user.username, role: 'staff' }).expect(200);
});
afterAll(() => api?.stop());

describe('events of an organisation', () => {
  it('its staff post public events for it, with no platform role; the event names the organisation', async () => {
    const res = await founder.agent.post('/api/events').send(event(org.id)).expect(201);
    expect(res.body).toMatchObject({ organizationId: org.id, organizer: 'Utcáról Lakásba Egyesület', spaceId: null, canManage: true });
  });

  it('people who are not its staff may not post for it — not even platform org_staff', async () => {
    expectProblem(await stranger.agent.post('/api/events').send(event(org.id)), 403, 'FORBIDDEN');
    expectProblem(await platformStaff.agent.post('/api/events').send(event(org.id)), 403, 'FORBIDDEN');
    // A public event always names the organisation it is for.
    expectFieldError(await stranger.agent.post('/api/events').send(event()), 'organizationId');
    expectFieldError(await founder.agent.post('/api/events').send(event()), 'organizationId');
  });

  it('the event shows its organisation, and whether a platform admin has verified it', async () => {
    const { body } = await colleague.agent.post('/api/events').send(event(org.id)).expect(201);
    expect(body.organization).toEqual({ id: org.id, slug: expect.any(String), name: 'Utcáról Lakásba Egyesület', verified: false });
    const admin = await registerUser(api.url);
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
    await admin.agent.post(`/api/organizations/${org.id}/verify`).expect(200);
    expect((await stranger.agent.get(`/api/events/${body.id}`).expect(200)).body.organization).toMatchObject({ id: org.id, verified: true });
  });

  it('a public event stays an organisation\'s: it cannot be moved out of one, nor into one the editor is not staff of', async () => {
    const { body } = await founder.agent.post('/api/events').send(event(org.id)).expect(201);
    expectFieldError(await founder.agent.patch(`/api/events/${body.id}`).send({ organizationId: null }), 'organizationId');
    const elsewhere = await createOrganization(stranger, 'Another association');
    expectProblem(await founder.agent.patch(`/api/events/${body.id}`).send({ organizationId: elsewhere.id }), 403, 'FORBIDDEN');
    expect((await founder.agent.get(`/api/events/${body.id}`).expect(200)).body.organizationId).toBe(org.id);
  });

  it('the free-text organiser is gone from the input: the organisation replaces it', async () => {
    expectFieldError(await founder.agent.post('/api/events').send({ ...event(org.id), organizer: 'Anyone at all' }), 'organizer');
  });

  it('any of its staff manage the organisation\'s events; others do not', async () => {
    const { body } = await founder.agent.post('/api/events').send(event(org.id)).expect(201);
    const edited = await colleague.agent.patch(`/api/events/${body.id}`).send({ title: 'Open day (moved indoors)' }).expect(200);
    expect(edited.body).toMatchObject({ title: 'Open day (moved indoors)', organizationId: org.id });
    expectProblem(await stranger.agent.patch(`/api/events/${body.id}`).send({ title: 'taken over' }), 403, 'FORBIDDEN');
    expectProblem(await platformStaff.agent.patch(`/api/events/${body.id}`).send({ title: 'taken over' }), 403, 'FORBIDDEN');
  });
});
