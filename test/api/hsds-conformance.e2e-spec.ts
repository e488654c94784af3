import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { createOrganization, createResource, expectValidHsds, hsdsGet, registerAdmin } from '../support/hsds.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The HSDS 3.1 API checked the way Open Referral UK's validator checks a feed: the required
 * endpoints answer, pages are consistent from first to last, every listed id resolves, filters
 * combine with AND, a query with no results says `empty`, and every object validates against the
 * official schemas.
 */
type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: { id: string; [k: string]: unknown }[];
};

let api: TestApi;
let staffA: RegisteredUser;
let orgA: { id: string };
let orgB: { id: string };
const created: { id: string; org: 'A' | 'B'; categories: string[]; attributes: string[] }[] = [];

const LISTS = ['services', 'organizations', 'service_at_locations', 'taxonomies', 'taxonomy_terms'] as const;
const TYPE_OF = { services: 'service', organizations: 'organization', service_at_locations: 'service_at_location', taxonomies: 'taxonomy', taxonomy_terms: 'taxonomy_term' } as const;

async function page(path: string): Promise<Page> {
  const res = await hsdsGet(api, path);
  expect({ path, status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({ path, status: 200, text: '' });
  return res.body as Page;
}

/** Every page of a list, checking that each agrees with the others about the totals. */
async function allPages(list: string, perPage: number, query = ''): Promise<Page[]> {
  const first = await page(`/${list}?per_page=${perPage}&page=1${query}`);
  const pages = [first];
  for (let n = 2; n <= first.total_pages; n++) pages.push(await page(`/${list}?per_page=${perPage}&page=${n}${query}`));
  pages.forEach((p, i) => {
    expect(p).toMatchObject({ total_items: first.total_items, total_pages: first.total_pages, page_number: i + 1, first_page: i === 0, last_page: i === pages.length - 1, empty: first.total_items === 0 });
    expect(p.size).toBe(p.contents.length);
  });
  expect(pages.reduce((n, p) => n + p.contents.length, 0)).toBe(first.total_items);
  const ids = pages.flatMap((p) => p.contents.map((c) => c.id));
  expect(new Set(ids).size).toBe(ids.length);
  return pages;
}

beforeAll(async () => {
  api = await startApi();
  const admin = await registerAdmin(api);
  staffA = await registerUser(api.url);
  const staffB = await registerUser(api.url);
  orgA = await createOrganization(staffA, 'Utcáról Lakásba Egyesület');
  orgB = await createOrganization(staffB, 'Helt Hjem Aarhus');
  void admin;
  const fixtures = [
    { org: 'A', name: 'Night shelter Dózsa', categories: ['emergency-shelter'], attributes: ['no-id-needed', 'walk-in'] },
    { org: 'A', name: 'Free meals Bláthy', categories: ['free-meals'], attributes: ['free'] },
    { org: 'A', name: 'Eviction legal aid', categories: ['eviction-help'], attributes: ['appointment-only'] },
    { org: 'A', name: 'Women refuge', categories: ['emergency-shelter', 'safety'], attributes: ['women-only'], confidential: true },
    { org: 'A', name: 'Laundry Tuesday', categories: ['laundry'], attributes: ['walk-in'] },
    { org: 'A', name: 'Day centre Aréna', categories: ['day-shelter'], attributes: ['walk-in', 'free'] },
    { org: 'A', name: 'Clinic without insurance', categories: ['medical-care'], attributes: ['anonymous-ok'] },
    { org: 'B', name: 'Youth housing advice Aarhus', categories: ['housing-advice'], attributes: ['young-people'], city: 'Aarhus' },
    { org: 'B', name: 'Night café Aarhus', categories: ['emergency-shelter'], attributes: ['walk-in'], city: 'Aarhus' },
    { org: 'B', name: 'Food bank Aarhus', categories: ['food-pantry'], attributes: ['free'], city: 'Aarhus' },
    { org: 'B', name: 'Peer group Aarhus', categories: ['peer-support'], attributes: [], city: 'Aarhus' },
  ] as const;
  for (const f of fixtures) {
    const r = await createResource(f.org === 'A' ? staffA : staffB, f.org === 'A' ? orgA.id : orgB.id, { ...f, attributes: [...f.attributes], categories: [...f.categories] });
    created.push({ id: r.id, org: f.org, categories: [...f.categories], attributes: [...f.attributes] });
  }
}, 120_000);
afterAll(() => api?.stop());

describe('HSDS 3.1 conformance', () => {
  it('GET /api/hsds/ names the version, the profile and the OpenAPI document', async () => {
    const res = await hsdsGet(api, '/').expect(200);
    expect(res.body).toEqual({ version: '3.1', profile: expect.stringMatching(/^https:\/\//), openapi_url: expect.stringMatching(/^http:\/\/.+\/api\/docs\.json$/) });
    const doc = await request(api.url).get('/api/docs.json').expect(200);
    for (const p of ['/api/hsds', '/api/hsds/services', '/api/hsds/services/{id}', '/api/hsds/organizations', '/api/hsds/service_at_locations/{id}', '/api/hsds/taxonomy_terms', '/api/hsds/import']) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
    expect(doc.body.paths['/api/hsds/services'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['search', 'page', 'per_page', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after', 'minimal']),
    );
  });

  it('every required endpoint answers a Page, readable from any origin, without signing in', async () => {
    for (const list of LISTS) {
      const res = await hsdsGet(api, `/${list}`).set('Origin', 'https://other-directory.example').expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(Object.keys(res.body).sort()).toEqual(['contents', 'empty', 'first_page', 'last_page', 'page_number', 'size', 'total_items', 'total_pages']);
    }
    // Only these routes: the rest of the API stays same-origin.
    const health = await request(api.url).get('/api/health').set('Origin', 'https://other-directory.example');
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('pages first / middle / last agree on the totals and together hold every service once', async () => {
    const pages = await allPages('services', 4);
    expect(pages[0]!.total_items).toBe(created.length);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.size)).toEqual([4, 4, 3]);
    const past = await page('/services?per_page=4&page=9');
    expect(past).toMatchObject({ total_items: created.length, contents: [], last_page: true, empty: false });
  });

  it('every object of every list validates against the official schemas, and every listed id resolves to it', async () => {
    for (const list of LISTS) {
      for (const p of await allPages(list, 5)) {
        for (const item of p.contents) {
          await expectValidHsds(TYPE_OF[list], item);
          const one = await hsdsGet(api, `/${list}/${item.id}`);
          expect({ list, id: item.id, status: one.status }).toEqual({ list, id: item.id, status: 200 });
          expect(one.body.id).toBe(item.id);
          await expectValidHsds(TYPE_OF[list], one.body);
        }
      }
    }
  });

  it('a full service carries its organisation, locations with schedules, languages, phones and attributes', async () => {
    const shelter = created[0]!;
    const res = await hsdsGet(api, `/services/${shelter.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: shelter.id,
      organization_id: orgA.id,
      organization: { id: orgA.id, name: 'Utcáról Lakásba Egyesület' },
      status: 'active',
      phones: [{ number: '+36 1 234 5678' }],
      languages: expect.arrayContaining([expect.objectContaining({ code: 'hu' }), expect.objectContaining({ code: 'en' })]),
      attributes: expect.arrayContaining([expect.objectContaining({ taxonomy_term: expect.objectContaining({ code: 'emergency-shelter' }) })]),
    });
    expect(res.body).not.toHaveProperty('assured_date'); // never verified: an import or an edit is not a check
    const sal = res.body.service_at_locations[0];
    expect(sal.location).toMatchObject({ addresses: [expect.objectContaining({ address_1: 'Dózsa György út 152.', city: 'Budapest', country: 'HU' })], x_timezone: 'Europe/Budapest' });
    const offset = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Budapest', timeZoneName: 'shortOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value;
    expect(sal.schedules[0]).toMatchObject({ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '19:00', closes_at: '08:00', timezone: Number(offset.replace('GMT', '')) });
    expect(sal.location.x_closed).toEqual([{ from: '2026-12-24', to: '2026-12-26', note: 'Christmas' }]);
  });

  it('a confidential location leaves no address, postcode or coordinates in any HSDS answer', async () => {
    const refuge = created[3]!;
    const answers = [
      (await hsdsGet(api, `/services/${refuge.id}`).expect(200)).body,
      (await hsdsGet(api, '/services?per_page=100').expect(200)).body,
      (await hsdsGet(api, '/service_at_locations?per_page=100').expect(200)).body,
    ];
    for (const a of answers) expect(JSON.stringify(a)).not.toContain('Titkos');
    const location = answers[0].service_at_locations[0].location;
    expect(location).toMatchObject({ x_confidential: true });
    for (const key of ['addresses', 'latitude', 'longitude', 'transportation']) expect(location).not.toHaveProperty(key);
  });

  it('filters combine with AND', async () => {
    const terms = (await page('/taxonomy_terms?per_page=500')).contents;
    const termId = (code: string) => terms.find((t) => t.code === code)!.id;
    const expectIds = async (query: string, expected: string[]) => {
      const ids = (await allPages('services', 3, query)).flatMap((p) => p.contents.map((c) => c.id));
      expect({ query, ids: ids.sort() }).toEqual({ query, ids: [...expected].sort() });
    };
    const shelters = created.filter((c) => c.categories.includes('emergency-shelter'));
    await expectIds(`&taxonomy_term_id=${termId('emergency-shelter')}`, shelters.map((c) => c.id));
    await expectIds(`&taxonomy_term_id=${termId('emergency-shelter')}&organization_id=${orgB.id}`, shelters.filter((c) => c.org === 'B').map((c) => c.id));
    await expectIds(`&organization_id=${orgA.id}&search=shelter`, [created[0]!.id]);
    // A top-level term includes its children.
    await expectIds(`&taxonomy_term_id=${termId('emergency')}&organization_id=${orgA.id}`, created.filter((c) => c.org === 'A' && c.categories.some((x) => ['emergency-shelter', 'safety'].includes(x))).map((c) => c.id));
    const access = (await page('/taxonomies')).contents.find((t) => String(t.name).includes('access'))!;
    await expectIds(`&taxonomy_id=${access.id}&taxonomy_term_id=${termId('free')}`, created.filter((c) => c.attributes.includes('free')).map((c) => c.id));
    // service_at_locations take the same filters.
    const sals = await allPages('service_at_locations', 3, `&organization_id=${orgB.id}`);
    expect(sals[0]!.total_items).toBe(created.filter((c) => c.org === 'B').length);
  });

  it('a query with no results is an empty page, not an error', async () => {
    for (const q of ['/services?search=zzqxnothingmatches', `/services?modified_after=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`, '/organizations?search=zzqxnothing', '/service_at_locations?search=zzqxnothing']) {
      expect(await page(q)).toEqual({ total_items: 0, total_pages: 1, page_number: 1, size: 0, first_page: true, last_page: true, empty: true, contents: [] });
    }
  });

  it('?minimal=true lists every service in one call, each still a valid HSDS service', async () => {
    const p = await page('/services?minimal=true');
    expect(p).toMatchObject({ total_items: created.length, total_pages: 1, size: created.length });
    for (const s of p.contents) {
      expect(Object.keys(s).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
      await expectValidHsds('service', s);
    }
    const since = await page(`/services?minimal=true&modified_after=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`);
    expect(since.total_items).toBe(created.length);
  });

  it('bad query parameters are a 4xx problem naming the parameter; unknown ids a 404', async () => {
    for (const [query, field] of [['page=0', 'page'], ['per_page=abc', 'per_page'], ['taxonomy_term_id=not-a-uuid', 'taxonomy_term_id'], ['modified_after=yesterday', 'modified_after'], ['minimal=maybe', 'minimal'], ['per_page=100000', 'per_page']]) {
      const res = await hsdsGet(api, `/services?${query}`);
      const body = expectProblem(res, res.status, 'VALIDATION_FAILED');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(body.errors?.map((e) => e.path)).toContain(field);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
    for (const list of LISTS) expectProblem(await hsdsGet(api, `/${list}/6d0e3f0a-1111-4222-8333-944455556666`), 404, 'NOT_FOUND');
  });

  it('a resource moderation holds back or deletes leaves the HSDS lists', async () => {
    const gone = created[10]!;
    await api.sql(`UPDATE resources SET moderation_state = 'hidden' WHERE id = $1`, [gone.id]);
    try {
      expectProblem(await hsdsGet(api, `/services/${gone.id}`), 404, 'NOT_FOUND');
      const ids = (await allPages('services', 50)).flatMap((p) => p.contents.map((c) => c.id));
      expect(ids).not.toContain(gone.id);
    } finally {
      await api.sql(`UPDATE resources SET moderation_state = 'visible' WHERE id = $1`, [gone.id]);
    }
  });
});

describe('HSDS rate limit', () => {
  let limited: TestApi;
  beforeAll(async () => {
    limited = await startApi({ env: { HSDS_RATE_LIMIT_PER_IP: '5', HSDS_RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => limited?.stop());

  it('counts per address atomically: of 8 requests at once exactly 5 pass, the rest get 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => hsdsGet(limited, '/taxonomies', '10.66.0.1')));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(3);
    expectProblem(refused[0]!, 429, 'RATE_LIMITED');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused[0]!.headers['access-control-allow-origin']).toBe('*');
    // Another address has its own budget.
    await hsdsGet(limited, '/taxonomies', '10.66.0.2').expect(200);
  });
});
