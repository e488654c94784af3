import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization, resourceBody } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * The `openNow=true&at=` filter and the open-now badge in the answers agree, always: random weekly
 * schedules in the five zones, asked about at instants around midnight and both daylight-saving
 * nights. (The decision itself is unit-tested against luxon in api/src/modules/resources/open-now.spec.ts.)
 */
const ZONES = ['Europe/Budapest', 'Europe/Copenhagen', 'Europe/Helsinki', 'Europe/Belgrade', 'Europe/Ljubljana'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const RESOURCES = 90;

let api: TestApi;
let staff: RegisteredUser;
let org: { id: string };

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(4242);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function randomLocation() {
  const hours = [];
  for (let i = 0, n = 1 + Math.floor(rnd() * 3); i < n; i++) {
    const days = DAYS.filter(() => rnd() < 0.5);
    const opens = rnd() < 0.2 ? [0, 120, 150, 180][Math.floor(rnd() * 4)]! : Math.floor(rnd() * 96) * 15;
    let closes = rnd() < 0.2 ? [0, 120, 180, 1440][Math.floor(rnd() * 4)]! : Math.floor(rnd() * 96) * 15;
    if (closes === opens) closes = (opens + 90) % 1440;
    hours.push({ days: days.length ? days : ['SU'], opens: hhmm(opens), closes: closes === 1440 ? '24:00' : hhmm(closes) });
  }
  const closed = rnd() < 0.3 ? [{ from: '2026-10-24', to: '2026-10-25' }] : [];
  return { timezone: ZONES[Math.floor(rnd() * ZONES.length)], hours, closed };
}

beforeAll(async () => {
  api = await startApi();
  staff = await registerUser(api.url);
  org = await createOrganization(staff, 'Open Now Test Org');
  for (let i = 0; i < RESOURCES; i++) {
    const locations = [randomLocation(), ...(rnd() < 0.2 ? [randomLocation()] : [])].map((l, j) => ({ ...resourceBody(org.id).locations[0], ...l, address: `Street ${i}/${j}` }));
    const status = rnd() < 0.1 ? 'temporarily closed' : 'active';
    await staff.agent.post('/api/resources').send({ ...resourceBody(org.id, { name: `Service ${i}`, status }), locations }).expect(201);
  }
}, 120_000);
afterAll(() => api?.stop());

async function all(query: string, limit: number): Promise<{ id: string; openNow: { state: string } }[]> {
  const items: { id: string; openNow: { state: string } }[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await request(api.url).get(`/api/resources?organizationId=${org.id}&limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

const INSTANTS = [
  '2026-11-25T23:30:00Z',
  '2026-11-26T00:00:00Z',
  '2026-11-26T06:59:00Z',
  '2026-11-28T12:00:00Z',
  '2026-03-29T00:30:00Z', // spring forward: CET zones at 01:30, Helsinki at 02:30
  '2026-03-29T01:15:00Z', // just after the change
  '2026-10-25T00:30:00Z', // autumn: the first 02:30 in CET zones
  '2026-10-25T01:30:00Z', // the second 02:30
  '2026-10-25T02:00:00Z',
  '2026-10-24T21:45:00Z',
];

describe('openNow filter ≡ badge', () => {
  it.each(INSTANTS)('at %s', async (at) => {
    const everything = await all(`at=${at}`, 100);
    expect(everything).toHaveLength(RESOURCES);
    const badgeOpen = everything.filter((r) => r.openNow.state === 'open').map((r) => r.id).sort();
    const filtered = await all(`openNow=true&at=${at}`, 100);
    expect(filtered.every((r) => r.openNow.state === 'open')).toBe(true);
    expect(filtered.map((r) => r.id).sort()).toEqual(badgeOpen);
    // Pages of the filtered list join up to the same set, nothing twice.
    const paged = await all(`openNow=true&at=${at}`, 7);
    expect(paged.map((r) => r.id).sort()).toEqual(badgeOpen);
  });

  it('some of the instants found open services and some closed ones (the test has teeth)', async () => {
    const states = new Set<string>();
    for (const at of INSTANTS.slice(0, 4)) for (const r of await all(`at=${at}`, 100)) states.add(r.openNow.state);
    expect([...states].sort()).toEqual(['closed', 'open']);
  });
});
