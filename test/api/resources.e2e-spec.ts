import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { EVERY_DAY, createOrganization, resourceBody } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/** Resources per the contract: create, read, edit, verify, tips, "something is wrong", bad input. */
let api: TestApi;
let staff: RegisteredUser;
let member: RegisteredUser;
let outsider: RegisteredUser;
let admin: RegisteredUser;
let org: { id: string; slug: string };

beforeAll(async () => {
  api = await startApi();
  [staff, member, outsider, admin] = await Promise.all([1, 2, 3, 4].map(() => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  org = await createOrganization(staff, 'Menhely Alapítvány');
});
afterAll(() => api?.stop());

const counts = async () => (await api.sql<{ r: number; l: number }>(`SELECT (SELECT count(*)::int FROM resources) AS r, (SELECT count(*)::int FROM resource_locations) AS l`))[0];

describe('resources', () => {
  it('staff create one; anyone reads it with open-now, freshness and its organisation', async () => {
    const created = await staff.agent
      .post('/api/resources')
      .send(resourceBody(org.id, { capacity: { unit: 'beds tonight', available: 4, maximum: 40 }, alert: { text: 'Closed for cleaning on Monday afternoon', until: '2099-01-01T00:00:00Z' } }))
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Night shelter Dankó utca',
      organization: { id: org.id, slug: org.slug, verified: false },
      categories: ['emergency-shelter'],
      attributes: ['no-id-needed', 'walk-in'],
      status: 'active',
      lastVerifiedAt: null,
      stale: true,
      canManage: true,
      capacity: { unit: 'beds tonight', available: 4, maximum: 40, stale: false },
      alert: { text: 'Closed for cleaning on Monday afternoon' },
      locations: [{ address: 'Dankó utca 16', city: 'Budapest', postalCode: '1086', lat: 47.4925, lng: 19.0825, confidential: false, timezone: 'Europe/Budapest' }],
    });
    expect(['open', 'closed']).toContain(created.body.openNow.state);
    const read = await request(api.url).get(`/api/resources/${created.body.id}`).expect(200);
    expect(read.body).toMatchObject({ id: created.body.id, canManage: false });
    expect(read.body.translations).toBeUndefined();
    // "Beds tonight" older than a day is shown as stale; an update makes it fresh again.
    await api.sql(`UPDATE resources SET capacity_updated_at = now() - interval '25 hours' WHERE id = $1`, [created.body.id]);
    expect((await request(api.url).get(`/api/resources/${created.body.id}`).expect(200)).body.capacity).toMatchObject({ available: 4, stale: true });
    const updated = await staff.agent.patch(`/api/resources/${created.body.id}`).send({ capacity: { unit: 'beds tonight', available: 0, maximum: 40 } }).expect(200);
    expect(updated.body.capacity).toMatchObject({ available: 0, stale: false });
    // An edit that does not touch capacity keeps its time.
    const other = await staff.agent.patch(`/api/resources/${created.body.id}`).send({ fees: 'Free' }).expect(200);
    expect(other.body.capacity.updatedAt).toBe(updated.body.capacity.updatedAt);
  });

  it('"details are still right" is the only thing that sets lastVerifiedAt: edits do not', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id)).expect(201);
    const edited = await staff.agent.patch(`/api/resources/${body.id}`).send({ description: 'Now with a laundry.' }).expect(200);
    expect(edited.body).toMatchObject({ description: 'Now with a laundry.', lastVerifiedAt: null, stale: true });
    expectProblem(await member.agent.post(`/api/resources/${body.id}/verify`), 403, 'FORBIDDEN');
    const verified = await staff.agent.post(`/api/resources/${body.id}/verify`).expect(200);
    expect(verified.body.stale).toBe(false);
    expect(Date.now() - Date.parse(verified.body.lastVerifiedAt)).toBeLessThan(60_000);
    const again = await staff.agent.patch(`/api/resources/${body.id}`).send({ name: 'Night shelter (Dankó)' }).expect(200);
    expect(again.body.lastVerifiedAt).toBe(verified.body.lastVerifiedAt);
    const history = await staff.agent.get(`/api/resources/${body.id}/history`).expect(200);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['updated', 'verified', 'updated', 'created']);
    expectProblem(await member.agent.get(`/api/resources/${body.id}/history`), 403, 'FORBIDDEN');
  });

  it('stale after 180 days; a "check it again" task in the organisation\'s queue at 150', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id, { name: 'Old listing' })).expect(201);
    await api.sql(`UPDATE resources SET last_verified_at = now() - interval '151 days', created_at = now() - interval '400 days' WHERE id = $1`, [body.id]);
    expect((await request(api.url).get(`/api/resources/${body.id}`).expect(200)).body.stale).toBe(false);
    const queue = await staff.agent.get(`/api/organizations/${org.id}/queue`).expect(200);
    expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'stale', targetId: body.id, resource: { id: body.id, name: 'Old listing' } })]));
    await api.sql(`UPDATE resources SET last_verified_at = now() - interval '181 days' WHERE id = $1`, [body.id]);
    expect((await request(api.url).get(`/api/resources/${body.id}`).expect(200)).body.stale).toBe(true);
    await staff.agent.post(`/api/resources/${body.id}/verify`).expect(200);
    const after = await staff.agent.get(`/api/organizations/${org.id}/queue`).expect(200);
    expect(after.body.items.filter((i: { targetId: string }) => i.targetId === body.id)).toEqual([]);
    expectProblem(await outsider.agent.get(`/api/organizations/${org.id}/queue`), 403, 'FORBIDDEN');
  });

  it('"something is wrong here" from anyone signed in: an item for the staff and the platform moderators', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id, { name: 'Moved away' })).expect(201);
    expectProblem(await request(api.url).post(`/api/resources/${body.id}/outdated`).send({ note: 'x' }), 401, 'UNAUTHENTICATED');
    await member.agent.post(`/api/resources/${body.id}/outdated`).send({ note: 'They moved to Szeged last month.' }).expect(201);
    const queue = await staff.agent.get(`/api/organizations/${org.id}/queue`).expect(200);
    expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'outdated', targetId: body.id, reports: [expect.objectContaining({ note: 'They moved to Szeged last month.' })] })]));
    const moderation = await admin.agent.get('/api/moderation/queue').expect(200);
    expect(JSON.stringify(moderation.body)).toContain(body.id);
  });

  it('peer tips: signed-in members add them, anyone reads them, and they are reportable like comments', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id)).expect(201);
    expectProblem(await request(api.url).post(`/api/resources/${body.id}/tips`).send({ body: 'hi' }), 401, 'UNAUTHENTICATED');
    const tip = await member.agent.post(`/api/resources/${body.id}/tips`).send({ body: 'Went on Tuesday: no ID needed, tea is free.' }).expect(201);
    expect(tip.body).toMatchObject({ body: 'Went on Tuesday: no ID needed, tea is free.', author: { id: member.user.id } });
    const list = await request(api.url).get(`/api/resources/${body.id}/tips`).expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([tip.body.id]);
    await outsider.agent.post('/api/reports').send({ targetType: 'tip', targetId: tip.body.id, reason: 'spam' }).expect(201);
    await outsider.agent.post('/api/reports').send({ targetType: 'resource', targetId: body.id, reason: 'other', note: 'Scam phone number' }).expect(201);
    const queue = await staff.agent.get(`/api/organizations/${org.id}/queue`).expect(200);
    expect(queue.body.items.filter((i: { targetType: string }) => i.targetType === 'tip').map((i: { targetId: string }) => i.targetId)).toContain(tip.body.id);
  });

  it('texts in the reader\'s language, else the organisation\'s, else English — and which one it was', async () => {
    const hu = await createOrganization(staff, 'Szegedi Segítő Pont');
    await staff.agent.patch(`/api/organizations/${hu.id}`).send({ languages: ['hu'] }).expect(200);
    const { body } = await staff.agent
      .post('/api/resources')
      .send(resourceBody(hu.id, { name: 'Ingyenes ebéd', description: 'Meleg étel minden hétköznap.', translations: { en: { name: 'Free lunch', description: 'A hot meal every weekday.' }, fi: { name: 'Ilmainen lounas' } } }))
      .expect(201);
    const en = await request(api.url).get(`/api/resources/${body.id}`).set('Accept-Language', 'en').expect(200);
    expect(en.body).toMatchObject({ name: 'Free lunch', description: 'A hot meal every weekday.', language: 'en' });
    const fi = await request(api.url).get(`/api/resources/${body.id}`).set('Accept-Language', 'fi').expect(200);
    expect(fi.body).toMatchObject({ name: 'Ilmainen lounas', language: 'fi' });
    const da = await request(api.url).get(`/api/resources/${body.id}`).set('Accept-Language', 'da').expect(200);
    expect(da.body).toMatchObject({ name: 'Ingyenes ebéd', language: 'hu' });
  });

  it('the list reads each resource as its own page does, its locations complete and in their order', async () => {
    const second = { address: 'Práter utca 5', city: 'Budapest', postalCode: '1083', country: 'HU', lat: 47.4862512345678, lng: 19.0753, timezone: 'Europe/Budapest', accessibility: ['step-free'], transport: 'Tram 4, 6', hours: [{ days: ['MO', 'FR'], opens: '09:00', closes: '12:30' }], closed: [{ from: '2099-12-24', to: '2099-12-26', note: 'Christmas' }] };
    const third = { name: 'Outreach van', address: 'Keleti pályaudvar', city: 'Budapest', country: 'HU', timezone: 'Europe/Budapest', hours: [] };
    const body = resourceBody(org.id, { name: 'Three places' });
    const { body: created } = await staff.agent.post('/api/resources').send({ ...body, locations: [second, ...body.locations, third] }).expect(201);
    const own = (await staff.agent.get(`/api/resources/${created.id}`).expect(200)).body;
    expect(own.locations.map((l: { address: string }) => l.address)).toEqual(['Práter utca 5', 'Dankó utca 16', 'Keleti pályaudvar']);
    // Open now is worked out at each answer's own instant, and near a place the list adds the
    // distance; everything else must match exactly.
    type Listed = { openNow: unknown; distanceKm?: number; locations: { openNow: unknown }[] };
    const timeless = ({ distanceKm: _distance, ...r }: Listed) => ({ ...r, openNow: null, locations: r.locations.map((l) => ({ ...l, openNow: null })) });
    // Near Práter utca, this resource comes first. Monday 7 December 2026, 10:00 in Budapest:
    // Práter utca is open (09:00–12:30), the other resources here (19:00–08:00) are not.
    const mondayMorning = '2026-12-07T09:00:00.000Z';
    for (const query of ['', `?organizationId=${org.id}`, '?near=47.486,19.075&radiusKm=5', `?openNow=true&at=${mondayMorning}`]) {
      const { body: list } = await staff.agent.get(`/api/resources${query}`).expect(200);
      const listed = list.items.find((r: { id: string }) => r.id === created.id);
      expect({ query, listed: listed && timeless(listed) }).toEqual({ query, listed: timeless(own) });
    }
  });

  it('as cards (view=card), the list says of each resource what its card shows, and nothing more', async () => {
    const own = await createOrganization(staff, 'Kártya Alapítvány');
    await staff.agent.patch(`/api/organizations/${own.id}`).send({ languages: ['hu'] }).expect(200);
    const translations = { en: { name: 'Safe house', description: 'Beds for women and children.' }, fi: { description: 'Vain kuvaus.' } };
    const refuge = resourceBody(own.id, { name: 'Menedékház', translations }, { confidential: true });
    await staff.agent.post('/api/resources').send(refuge).expect(201);
    // Open at the instant asked about below (Monday 10:00 in Budapest), so the open-now query lists it.
    const morning = { hours: [{ days: EVERY_DAY, opens: '09:00', closes: '12:00' }] };
    await staff.agent.post('/api/resources').send(resourceBody(own.id, { name: 'Népkonyha', attributes: ['free'] }, morning)).expect(201);
    // What the web's cards took of a whole resource before the API could answer with cards alone.
    type Whole = { id: string; name: string; status: string; openNow: unknown; distanceKm?: number; categories: string[]; attributes: string[]; organization: { name: string; verified: boolean }; locations: { address: string | null; city: string; confidential: boolean; timezone: string }[] };
    const cardOf = (r: Whole) => ({
      id: r.id, name: r.name, status: r.status, openNow: r.openNow, ...(r.distanceKm === undefined ? {} : { distanceKm: r.distanceKm }), categories: r.categories, attributes: r.attributes,
      organization: { name: r.organization.name, verified: r.organization.verified },
      location: r.locations[0] ? { address: r.locations[0].address, city: r.locations[0].city, confidential: r.locations[0].confidential, timezone: r.locations[0].timezone } : null,
    });
    const at = '2026-12-07T09:00:00.000Z';
    for (const language of ['en', 'fi', 'hu']) {
      for (const query of [`organizationId=${own.id}&limit=1`, `organizationId=${own.id}&at=${at}`, `near=47.49,19.08&radiusKm=5&at=${at}&limit=100`, `openNow=true&at=${at}&limit=5`]) {
        const whole = (await request(api.url).get(`/api/resources?${query}`).set('Accept-Language', language).expect(200)).body;
        expect({ query, listed: whole.items.length > 0 }).toEqual({ query, listed: true });
        const cards = (await request(api.url).get(`/api/resources?${query}&view=card`).set('Accept-Language', language).expect(200)).body;
        expect({ language, query, cards }).toEqual({ language, query, cards: { ...whole, items: whole.items.map(cardOf) } });
      }
    }
    const cards = (await request(api.url).get(`/api/resources?organizationId=${own.id}&view=card`).set('Accept-Language', 'fi').expect(200)).body.items;
    // A translation with only a description keeps the name as written; a refuge's address stays hidden.
    expect(cards.map((c: { name: string }) => c.name).sort()).toEqual(['Menedékház', 'Népkonyha']);
    const hidden = cards.find((c: { name: string }) => c.name === 'Menedékház');
    expect(hidden.location).toEqual({ address: null, city: 'Budapest', confidential: true, timezone: 'Europe/Budapest' });
    expect(Object.keys(hidden).sort()).toEqual(['attributes', 'categories', 'id', 'location', 'name', 'openNow', 'organization', 'status']);
  });

  it('DELETE by staff; then it is gone', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id)).expect(201);
    expectProblem(await outsider.agent.delete(`/api/resources/${body.id}`), 403, 'FORBIDDEN');
    await staff.agent.delete(`/api/resources/${body.id}`).expect(204);
    expectProblem(await request(api.url).get(`/api/resources/${body.id}`), 404, 'RESOURCE_NOT_FOUND');
  });
});

describe('resources: bad input is a problem naming the field, and nothing is stored', () => {
  it.each([
    ['an unknown zone', {}, { timezone: 'Mars/Olympus' }, 'locations.0.timezone'],
    ['a UTC offset as a zone', {}, { timezone: '+02:00' }, 'locations.0.timezone'],
    ['25:00', {}, { hours: [{ days: ['MO'], opens: '25:00', closes: '08:00' }] }, 'locations.0.hours.0.opens'],
    ['24:30 closing', {}, { hours: [{ days: ['MO'], opens: '20:00', closes: '24:30' }] }, 'locations.0.hours.0.closes'],
    ['an unknown weekday', {}, { hours: [{ days: ['XX'], opens: '09:00', closes: '17:00' }] }, 'locations.0.hours.0.days.0'],
    ['latitude 120', {}, { lat: 120, lng: 19 }, 'locations.0.lat'],
    ['an unknown category', { categories: ['teleportation'] }, {}, 'categories.0'],
    ['an unknown attribute', { attributes: ['vip-only'] }, {}, 'attributes.0'],
    ['a closed period ending before it starts', {}, { closed: [{ from: '2026-12-26', to: '2026-12-24' }] }, 'locations.0.closed.0.to'],
    ['minimum age above maximum', { minimumAge: 30, maximumAge: 18 }, {}, 'maximumAge'],
  ])('%s', async (_, overrides, location, path) => {
    const before = await counts();
    expectFieldError(await staff.agent.post('/api/resources').send(resourceBody(org.id, overrides, location)), path);
    expect(await counts()).toEqual(before);
  });

  it('a PATCH with a bad zone changes nothing', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id)).expect(201);
    const before = await api.sql(`SELECT timezone, hours FROM resource_locations WHERE resource_id = $1`, [body.id]);
    const bad = resourceBody(org.id, {}, { timezone: 'Mars/Olympus' }).locations;
    expectFieldError(await staff.agent.patch(`/api/resources/${body.id}`).send({ locations: bad }), 'locations.0.timezone');
    expect(await api.sql(`SELECT timezone, hours FROM resource_locations WHERE resource_id = $1`, [body.id])).toEqual(before);
  });

  it.each([
    ['near=120,19', 'near'],
    ['near=47.5,200', 'near'],
    ['category=teleportation', 'category.0'],
    ['attribute=vip-only', 'attribute.0'],
    ['at=tonight', 'at'],
    ['radiusKm=-3', 'radiusKm'],
    ['view=everything', 'view'],
  ])('GET /api/resources?%s names %s', async (query, path) => {
    expectFieldError(await request(api.url).get(`/api/resources?${query}`), path);
  });

  it('a town the gazetteer does not know is a problem naming city', async () => {
    const res = expectProblem(await request(api.url).get('/api/resources?city=Atlantis'), 422, 'PLACE_NOT_FOUND');
    expect(res.errors?.map((e) => e.path)).toEqual(['city']);
  });

  it('only staff of the organisation post for it', async () => {
    const before = await counts();
    expectProblem(await outsider.agent.post('/api/resources').send(resourceBody(org.id)), 403, 'FORBIDDEN');
    expectProblem(await request(api.url).post('/api/resources').send(resourceBody(org.id)), 401, 'UNAUTHENTICATED');
    expect(await counts()).toEqual(before);
  });

  it('hours every day 00:00–24:00 are accepted as 24 h', async () => {
    const { body } = await staff.agent.post('/api/resources').send(resourceBody(org.id, {}, { hours: [{ days: EVERY_DAY, opens: '00:00', closes: '24:00' }] })).expect(201);
    expect(body.openNow).toEqual({ state: 'open' });
  });
});
