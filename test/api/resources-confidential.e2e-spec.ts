import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { EVERY_DAY, createOrganization, resourceBody } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * A refuge's address and coordinates never leave the server: not in any answer (one resource,
 * lists, search, near me, open now, the organisation's queue, the staff's history, HSDS), and
 * not in the logs. Every answer below is searched for the secret strings.
 */
const ADDRESS = 'Titkos köz 77';
const POSTCODE = '1177';
const LAT = 47.4711;
const LNG = 19.2733;
const DIRECTIONS = 'Ring the blue door behind the bakery';
const SECRETS = [ADDRESS, 'Titkos', POSTCODE, String(LAT), String(LNG), '47.471', '19.273', DIRECTIONS];

let api: TestApi;
let staff: RegisteredUser;
let member: RegisteredUser;
let admin: RegisteredUser;
let org: { id: string };
let refugeId: string;

const expectNoSecret = (label: string, body: unknown) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const secret of SECRETS) expect({ label, leaked: text.includes(secret) ? secret : null }).toEqual({ label, leaked: null });
};

beforeAll(async () => {
  api = await startApi();
  [staff, member, admin] = await Promise.all([1, 2, 3].map(() => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  org = await createOrganization(staff, 'Safe Haven Women');
  const created = await staff.agent
    .post('/api/resources')
    .send(
      resourceBody(
        org.id,
        { name: 'Refuge for women and children', description: 'A safe place to stay. Call us first.', categories: ['emergency-shelter', 'safety'], attributes: ['women-only'], phone: '+36 80 505 101' },
        { name: 'Refuge', address: ADDRESS, postalCode: POSTCODE, lat: LAT, lng: LNG, transport: DIRECTIONS, confidential: true, hours: [{ days: EVERY_DAY, opens: '00:00', closes: '24:00' }] },
      ),
    )
    .expect(201);
  refugeId = created.body.id;
  expectNoSecret('POST answer', created.body);
  // Things that touch the resource, so the queue and history have something to show.
  await staff.agent.patch(`/api/resources/${refugeId}`).send({ description: 'A safe place to stay. Call us first, day or night.' }).expect(200);
  await member.agent.post(`/api/resources/${refugeId}/outdated`).send({ note: 'The phone number did not answer.' }).expect(201);
});
afterAll(() => api?.stop());

describe('a confidential location', () => {
  it('shows the town and a contact route, never the address, postcode, coordinates or directions', async () => {
    const res = await request(api.url).get(`/api/resources/${refugeId}`).expect(200);
    expect(res.body.locations).toEqual([expect.objectContaining({ confidential: true, city: 'Budapest', address: null, postalCode: null, lat: null, lng: null, transport: null })]);
    expect(res.body.phone).toBe('+36 80 505 101');
    expectNoSecret('GET one (anonymous)', res.body);
    expectNoSecret('GET one (its own staff)', (await staff.agent.get(`/api/resources/${refugeId}`).expect(200)).body);
  });

  it.each([
    ['the list', '/api/resources'],
    ['text search', '/api/resources?q=refuge'],
    ['a category', '/api/resources?category=emergency'],
    ['open now', '/api/resources?openNow=true'],
    ['its organisation', `/api/resources?organizationId=ORG`],
    ['near the very spot', `/api/resources?near=${LAT},${LNG}&radiusKm=5`],
    ['the town', '/api/resources?city=Budapest&radiusKm=50'],
    ['HSDS services', '/api/hsds/services'],
    ['HSDS services, minimal', '/api/hsds/services?minimal=true'],
    ['HSDS one service', `/api/hsds/services/REFUGE`],
    ['HSDS service at locations', '/api/hsds/service_at_locations'],
    ['HSDS organisations', '/api/hsds/organizations'],
  ])('%s: no secret in the answer', async (_, path) => {
    const res = await request(api.url).get(path.replace('ORG', org.id).replace('REFUGE', refugeId));
    expect(res.status).toBe(200);
    expectNoSecret(path, res.body);
  });

  it('is listed by text and category (it can be found), but never by distance', async () => {
    const byText = await request(api.url).get('/api/resources?q=refuge').expect(200);
    expect(byText.body.items.map((r: { id: string }) => r.id)).toContain(refugeId);
    const near = await request(api.url).get(`/api/resources?near=${LAT},${LNG}&radiusKm=5`).expect(200);
    expect(near.body.items.map((r: { id: string }) => r.id)).not.toContain(refugeId);
  });

  it('the staff\'s queue and history do not carry it either', async () => {
    expectNoSecret('queue', (await staff.agent.get(`/api/organizations/${org.id}/queue`).expect(200)).body);
    expectNoSecret('history', (await staff.agent.get(`/api/resources/${refugeId}/history`).expect(200)).body);
    expectNoSecret('moderation queue', (await admin.agent.get('/api/moderation/queue').expect(200)).body);
  });

  it('its own staff see and edit the address in the editor\'s answer (never cached); nobody else does, not even a platform admin', async () => {
    const own = await staff.agent.get(`/api/resources/${refugeId}/editable`).expect(200);
    expect(own.headers['cache-control']).toBe('no-store');
    expect(own.body).toMatchObject({ confidentialShown: true, original: { name: 'Refuge for women and children' } });
    expect(own.body.locations).toEqual([expect.objectContaining({ confidential: true, address: ADDRESS, postalCode: POSTCODE, lat: LAT, lng: LNG, transport: DIRECTIONS })]);
    const byAdmin = await admin.agent.get(`/api/resources/${refugeId}/editable`).expect(200);
    expect(byAdmin.body.confidentialShown).toBe(false);
    expectNoSecret('editable (platform admin)', byAdmin.body);
    expect((await member.agent.get(`/api/resources/${refugeId}/editable`)).status).toBe(403);
    expect((await request(api.url).get(`/api/resources/${refugeId}/editable`)).status).toBe(401);
    // Staff move the refuge: the new address is kept, and still shown to nobody else.
    const moved = { ...own.body.locations[0], address: 'Titkos sétány 3' };
    delete moved.id;
    await staff.agent.patch(`/api/resources/${refugeId}`).send({ locations: [moved] }).expect(200);
    expect((await staff.agent.get(`/api/resources/${refugeId}/editable`).expect(200)).body.locations[0].address).toBe('Titkos sétány 3');
    const after = await request(api.url).get(`/api/resources/${refugeId}`).expect(200);
    expect(JSON.stringify(after.body)).not.toContain('Titkos');
    await staff.agent.patch(`/api/resources/${refugeId}`).send({ locations: [{ ...moved, address: ADDRESS }] }).expect(200);
  });

  it('the server\'s logs carry neither the address nor the coordinates a reader searched from', async () => {
    await request(api.url).get('/api/resources?near=47.5123,19.0456&radiusKm=3').expect(200);
    const logs = api.output();
    expectNoSecret('logs', logs);
    expect(logs).not.toContain('47.5123');
    expect(logs).not.toContain('19.0456');
  });
});
