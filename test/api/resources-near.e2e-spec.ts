import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization, resourceBody } from '../support/directory.js';
import { expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/** Near me without GPS: distance order and distanceKm, a radius, towns and postcodes from the bundled gazetteer; filters AND. */
let api: TestApi;
let staff: RegisteredUser;
let org: { id: string };
const ids: Record<string, string> = {};

const PLACES: [string, string, number, number, string[]][] = [
  ['Keleti day centre', 'Budapest', 47.5005, 19.0839, ['day-shelter']],
  ['Blaha free lunch', 'Budapest', 47.4966, 19.0706, ['free-meals']],
  ['Csepel night shelter', 'Budapest', 47.4216, 19.0705, ['emergency-shelter']],
  ['Szeged soup kitchen', 'Szeged', 46.2530, 20.1414, ['free-meals']],
  ['Novi Sad legal aid', 'Novi Sad', 45.2550, 19.8450, ['eviction-help']],
];

beforeAll(async () => {
  api = await startApi();
  staff = await registerUser(api.url);
  org = await createOrganization(staff, 'Near Test Org');
  for (const [name, city, lat, lng, categories] of PLACES) {
    const res = await staff.agent.post('/api/resources').send(resourceBody(org.id, { name, categories }, { city, lat, lng, country: city === 'Novi Sad' ? 'RS' : 'HU', timezone: city === 'Novi Sad' ? 'Europe/Belgrade' : 'Europe/Budapest' })).expect(201);
    ids[name] = res.body.id;
  }
});
afterAll(() => api?.stop());

const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name);

describe('near me', () => {
  it('sorts by distance, says how far, and keeps to the radius', async () => {
    const res = await request(api.url).get(`/api/resources?organizationId=${org.id}&near=47.4979,19.0402&radiusKm=15`).expect(200);
    expect(names(res.body)).toEqual(['Blaha free lunch', 'Keleti day centre', 'Csepel night shelter']);
    const km = res.body.items.map((i: { distanceKm: number }) => i.distanceKm);
    expect(km[0]).toBeCloseTo(2.3, 0);
    expect(km).toEqual([...km].sort((a, b) => a - b));
  });

  it('combines with other filters (AND) and pages by distance', async () => {
    const meals = await request(api.url).get(`/api/resources?organizationId=${org.id}&near=47.4979,19.0402&radiusKm=300&category=food`).expect(200);
    expect(names(meals.body)).toEqual(['Blaha free lunch', 'Szeged soup kitchen']);
    const first = await request(api.url).get(`/api/resources?organizationId=${org.id}&near=47.4979,19.0402&radiusKm=300&limit=2`).expect(200);
    const second = await request(api.url).get(`/api/resources?organizationId=${org.id}&near=47.4979,19.0402&radiusKm=300&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect([...names(first.body), ...names(second.body)]).toEqual(['Blaha free lunch', 'Keleti day centre', 'Csepel night shelter', 'Szeged soup kitchen']);
  });

  it('city= takes a town in any listed spelling, or a postcode', async () => {
    const szabadka = await request(api.url).get(`/api/resources?organizationId=${org.id}&city=Újvidék&radiusKm=20`).expect(200);
    expect(names(szabadka.body)).toEqual(['Novi Sad legal aid']);
    expect(szabadka.body.place).toEqual({ name: 'Novi Sad', country: 'RS' });
    const csepel = await request(api.url).get(`/api/resources?organizationId=${org.id}&city=1211&radiusKm=3`).expect(200);
    expect(names(csepel.body)).toEqual(['Csepel night shelter']);
    expect(csepel.body.place).toEqual({ name: 'Budapest XXI. kerület', country: 'HU' });
    expectProblem(await request(api.url).get('/api/resources?city=Gotham'), 422, 'PLACE_NOT_FOUND');
  });

  it('GET /api/places autocompletes towns and postcodes from the bundled list', async () => {
    const res = await request(api.url).get('/api/places?q=hoje').expect(200);
    expect(res.body.items[0]).toMatchObject({ name: 'Høje Taastrup', country: 'DK' });
    // 8000 is a postcode in Aarhus, Székesfehérvár and Novo mesto: all three are offered…
    const code = await request(api.url).get('/api/places?q=8000').expect(200);
    expect(code.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['Aarhus', 'Novo mesto', 'Székesfehérvár']);
    expect((await request(api.url).get('/api/places?q=DK-8000').expect(200)).body.items.map((p: { name: string }) => p.name)).toEqual(['Aarhus']);
    // …and city= goes to the reader's country, or the one named.
    expect((await request(api.url).get('/api/resources?city=8000').set('Accept-Language', 'da').expect(200)).body.place).toEqual({ name: 'Aarhus', country: 'DK' });
    expect((await request(api.url).get('/api/resources?city=8000 SI').expect(200)).body.place).toEqual({ name: 'Novo mesto', country: 'SI' });
    const sub = await request(api.url).get('/api/places?q=szab').expect(200);
    expect(sub.body.items[0]).toMatchObject({ name: 'Subotica', country: 'RS' });
  });
});

describe('GET /api/taxonomy', () => {
  it('lists categories and access attributes in the reader\'s language and all six, with the source and licence', async () => {
    const hu = await request(api.url).get('/api/taxonomy').set('Accept-Language', 'hu').expect(200);
    expect(hu.body.source).toMatchObject({ name: 'Open Eligibility', licence: 'CC BY-SA 4.0' });
    const shelter = hu.body.categories.find((c: { code: string }) => c.code === 'emergency-shelter');
    expect(shelter).toMatchObject({ parent: 'emergency', name: 'Éjjeli menedékhely' });
    expect(Object.keys(shelter.names).sort()).toEqual(['da', 'en', 'fi', 'hu', 'sl', 'sr']);
    expect(hu.body.attributes.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['no-id-needed', 'anonymous-ok', 'pets-welcome', 'couples-together', 'lgbtiq-welcoming', 'interpreters']));
    expect(hu.body.attributes.find((a: { code: string }) => a.code === 'no-id-needed').name).toBe('Nem kell igazolvány');
  });
});
