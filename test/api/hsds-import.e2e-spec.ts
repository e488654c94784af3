import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { createOrganization, expectValidHsds, hsdsExample, hsdsGet, registerAdmin } from '../support/hsds.js';
import { API_CLI, ROOT } from '../support/paths.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

let api: TestApi;
let admin: RegisteredUser;
let staff: RegisteredUser;
let outsider: RegisteredUser;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };

const countResources = async () => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM resources WHERE deleted_at IS NULL`))[0]!.n;

/** The id of an object nested in the service `id`: the same uuid with its fourth group replaced. */
const sub = (id: string, group: string) => `${id.slice(0, 19)}${group}${id.slice(23)}`;

/** A small valid HSDS service Sorstárs can hold whole. */
function service(id: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name,
    description: `${name}: a warm place for the night.`,
    status: 'active',
    attributes: [{ id: sub(id, 'aaaa'), taxonomy_term: { id: sub(id, 'bbbb'), code: 'emergency-shelter', name: 'Emergency Shelter', description: 'Open Eligibility' } }],
    languages: [{ id: sub(id, 'cccc'), name: 'Hungarian', code: 'hu' }],
    service_at_locations: [
      {
        id: sub(id, 'dddd'),
        schedules: [{ id: sub(id, 'eeee'), freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '20:00', closes_at: '08:00', timezone: 1 }],
        location: {
          id: sub(id, 'ffff'),
          location_type: 'physical',
          addresses: [{ id: sub(id, '1111'), address_1: 'Práter utca 23.', city: 'Budapest', state_province: '', postal_code: '1083', country: 'HU', address_type: 'physical' }],
        },
      },
    ],
    ...extra,
  };
}
const uuid = (n: number) => `5e1f0c2a-7b3d-4c8e-9a6f-${n.toString(16).padStart(12, '0')}`;

/** Every field of `expected` is in `actual` with the same value (extra fields in `actual` are fine). */
function expectFieldsKept(actual: Record<string, unknown>, expected: Record<string, unknown>) {
  for (const [key, value] of Object.entries(expected)) expect({ key, value: actual[key] }).toEqual({ key, value });
}

beforeAll(async () => {
  api = await startApi();
  admin = await registerAdmin(api);
  staff = await registerUser(api.url);
  outsider = await registerUser(api.url);
  org = await createOrganization(staff, 'Menhely Alapítvány');
  otherOrg = await createOrganization(outsider, 'Other Association');
}, 60_000);
afterAll(() => api?.stop());

describe('POST /api/hsds/import', () => {
  it('the official examples round-trip: import then export is identity on every HSDS field', async () => {
    const full = hsdsExample('service_full.json');
    const res = await admin.agent.post('/api/hsds/import?default_category=mental-health-care').send(full).expect(200);
    expect(res.body).toEqual({ created: 2, updated: 0, rejected: [] }); // the service and the organisation it brings
    const exported = (await hsdsGet(api, `/services/${full.id}`).expect(200)).body;
    expectFieldsKept(exported, full);
    await expectValidHsds('service', exported);

    const orgFull = hsdsExample('organization_full.json');
    const orgRes = await admin.agent.post('/api/hsds/import?default_category=mental-health-care').send(orgFull).expect(200);
    expect(orgRes.body.rejected).toEqual([]);
    const { services: _nested, ...orgFields } = orgFull;
    const orgExported = (await hsdsGet(api, `/organizations/${orgFull.id}`).expect(200)).body;
    expectFieldsKept(orgExported, orgFields);
    await expectValidHsds('organization', orgExported);

    const list = hsdsExample('service_list.json');
    const listRes = await admin.agent.post('/api/hsds/import?default_category=mental-health-care').send(list).expect(200);
    expect(listRes.body.rejected).toEqual([]);
    for (const s of list.contents as Record<string, unknown>[]) expectFieldsKept((await hsdsGet(api, `/services/${s.id}`).expect(200)).body, s);
  });

  it('imports never mark details as checked', async () => {
    const full = hsdsExample('service_full.json');
    const [row] = await api.sql<{ last_verified_at: Date | null }>(`SELECT last_verified_at FROM resources WHERE hsds_id = $1`, [full.id]);
    expect(row).toEqual({ last_verified_at: null });
  });

  it('the same HSDS id twice updates and never duplicates', async () => {
    const before = await countResources();
    const first = await staff.agent.post(`/api/hsds/import?organization_id=${org.id}`).send(service(uuid(1), 'Éjjeli menedékhely')).expect(200);
    expect(first.body).toEqual({ created: 1, updated: 0, rejected: [] });
    const again = await staff.agent.post(`/api/hsds/import?organization_id=${org.slug}`).send([service(uuid(1), 'Éjjeli menedékhely Práter')]).expect(200);
    expect(again.body).toEqual({ created: 0, updated: 1, rejected: [] });
    expect(await countResources()).toBe(before + 1);
    const exported = (await hsdsGet(api, `/services/${uuid(1)}`).expect(200)).body;
    expect(exported).toMatchObject({ id: uuid(1), name: 'Éjjeli menedékhely Práter', organization_id: org.id });
    // Unchanged in Sorstárs since the import, so the schedule comes back as it was sent.
    expect(exported.service_at_locations[0].schedules[0]).toEqual({ id: sub(uuid(1), 'eeee'), freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '20:00', closes_at: '08:00', timezone: 1 });
    // Sorstárs's own API sees it too, open across midnight.
    const [row] = await api.sql<{ id: string }>(`SELECT id FROM resources WHERE hsds_id = $1`, [uuid(1)]);
    const native = (await request(api.url).get(`/api/resources/${row!.id}`).expect(200)).body;
    expect(native).toMatchObject({ name: 'Éjjeli menedékhely Práter', lastVerifiedAt: null, categories: ['emergency-shelter'] });
    expect(native.locations[0]).toMatchObject({ timezone: 'Europe/Budapest', hours: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens: '20:00', closes: '08:00' }] });
  });

  it('once Sorstárs changes a field, the export says what Sorstárs holds (hours with the IANA zone)', async () => {
    const [row] = await api.sql<{ id: string }>(`SELECT id FROM resources WHERE hsds_id = $1`, [uuid(1)]);
    const edited = await staff.agent.patch(`/api/resources/${row!.id}`).send({
      locations: [{ address: 'Práter utca 23.', city: 'Budapest', postalCode: '1083', country: 'HU', timezone: 'Europe/Budapest', hours: [{ days: ['SA', 'SU'], opens: '18:00', closes: '09:00' }] }],
    });
    expect(edited.status).toBe(200);
    const exported = (await hsdsGet(api, `/services/${uuid(1)}`).expect(200)).body;
    expect(exported.service_at_locations[0].schedules).toEqual([expect.objectContaining({ byday: 'SA,SU', opens_at: '18:00', closes_at: '09:00', x_timezone: 'Europe/Budapest' })]);
    // Fields nobody changed still come back as imported.
    expect(exported.languages).toEqual([{ id: sub(uuid(1), 'cccc'), name: 'Hungarian', code: 'hu' }]);
    await expectValidHsds('service', exported);
  });

  it('a location marked confidential after an import leaves its address in no export, not even an old document', async () => {
    const refugeOrg = { id: uuid(21), name: 'Refuge Alapítvány', description: 'Safe houses.', locations: [{ id: sub(uuid(21), '2222'), location_type: 'physical', latitude: 47.4901, longitude: 19.0701, addresses: [{ id: sub(uuid(21), '3333'), address_1: 'Titkos köz 9.', city: 'Budapest', state_province: '', postal_code: '1083', country: 'HU', address_type: 'physical' }] }] };
    const refuge = service(uuid(20), 'Menedékház nőknek', { organization: refugeOrg });
    const location = refuge.service_at_locations[0]!.location as { latitude?: number; longitude?: number; addresses: { address_1: string }[] };
    Object.assign(location, { latitude: 47.4901, longitude: 19.0701 });
    location.addresses[0]!.address_1 = 'Titkos köz 9.';
    expect((await admin.agent.post('/api/hsds/import').send(refuge).expect(200)).body).toEqual({ created: 2, updated: 0, rejected: [] });
    const [row] = await api.sql<{ id: string }>(`SELECT id FROM resources WHERE hsds_id = $1`, [uuid(20)]);
    await admin.agent
      .patch(`/api/resources/${row!.id}`)
      .send({ locations: [{ address: 'Titkos köz 9.', city: 'Budapest', country: 'HU', lat: 47.4901, lng: 19.0701, confidential: true, timezone: 'Europe/Budapest', hours: [] }] })
      .expect(200);
    for (const path of [`/services/${uuid(20)}`, `/organizations/${uuid(21)}`, '/organizations?per_page=500', '/services?per_page=500', '/service_at_locations?per_page=500']) {
      const text = JSON.stringify((await hsdsGet(api, path).expect(200)).body);
      expect({ path, leaks: text.includes('Titkos') || text.includes('47.4901') }).toEqual({ path, leaks: false });
    }
  });

  it('lists invalid records with their schema errors and stores nothing of them', async () => {
    const before = await countResources();
    const page = {
      total_items: 3,
      contents: [
        service(uuid(2), 'Nappali melegedő'),
        { ...service(uuid(3), 'No status'), status: 'sometimes', phones: [{ id: 'nope' }] },
        service(uuid(4), 'Ételosztás'),
        'not an object',
      ],
    };
    const res = await staff.agent.post(`/api/hsds/import?organization_id=${org.id}`).send(page).expect(200);
    expect(res.body.created).toBe(2);
    expect(res.body.updated).toBe(0);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect(res.body.rejected[0].errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['status', 'phones.0.id', 'phones.0.number']));
    for (const e of [...res.body.rejected[0].errors, ...res.body.rejected[1].errors]) expect(e.message).not.toMatch(/^validation\./);
    expect(await countResources()).toBe(before + 2);
    expectProblem(await hsdsGet(api, `/services/${uuid(3)}`), 404, 'NOT_FOUND');
  });

  it('a record Sorstárs cannot hold (no category of ours, no name) is rejected with the field', async () => {
    const noCategory = { ...service(uuid(5), 'Unknown kind'), attributes: [] };
    const res = await staff.agent.post(`/api/hsds/import?organization_id=${org.id}`).send([noCategory]).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, rejected: [{ index: 0, errors: [expect.objectContaining({ path: 'categories' })] }] });
  });

  it('staff import only into their own organisation; others get 403 and nothing is stored', async () => {
    const before = await countResources();
    expectProblem(await staff.agent.post(`/api/hsds/import?organization_id=${otherOrg.id}`).send(service(uuid(6), 'Elsewhere')), 403, 'FORBIDDEN');
    const member = await registerUser(api.url);
    expectProblem(await member.agent.post(`/api/hsds/import?organization_id=${org.id}`).send(service(uuid(7), 'Not mine')), 403, 'FORBIDDEN');
    // One forbidden record refuses the whole request, even beside one the caller may write.
    expectProblem(await staff.agent.post('/api/hsds/import').send([service(uuid(8), 'Mine', { organization_id: org.id }), service(uuid(9), 'Theirs', { organization_id: otherOrg.id })]), 403, 'FORBIDDEN');
    // Updating another organisation's service by its HSDS id is refused too.
    expectProblem(await outsider.agent.post(`/api/hsds/import`).send(service(uuid(1), 'Taken over')), 403, 'FORBIDDEN');
    // A new organisation from an import is an admin's job.
    expectProblem(await staff.agent.post('/api/hsds/import').send({ ...service(uuid(10), 'With org'), organization: { id: uuid(11), name: 'New Org', description: 'x' } }), 403, 'FORBIDDEN');
    expectProblem(await request(api.url).post('/api/hsds/import').send(service(uuid(12), 'Anonymous')), 401, 'UNAUTHENTICATED');
    expect(await countResources()).toBe(before);
    // An admin may import anywhere.
    const ok = await admin.agent.post(`/api/hsds/import?organization_id=${otherOrg.id}`).send(service(uuid(6), 'Elsewhere')).expect(200);
    expect(ok.body).toEqual({ created: 1, updated: 0, rejected: [] });
  });

  it('takes bodies over the usual 256 kB, and refuses 10 MB with a 413 problem', async () => {
    const many = Array.from({ length: 400 }, (_, i) => service(uuid(1000 + i), `Bulk shelter ${i}`, { description: 'x'.repeat(1200) }));
    expect(Buffer.byteLength(JSON.stringify(many))).toBeGreaterThan(256 * 1024);
    const res = await admin.agent.post(`/api/hsds/import?organization_id=${org.id}`).send(many).expect(200);
    expect(res.body).toEqual({ created: 400, updated: 0, rejected: [] });

    const before = await countResources();
    const huge = JSON.stringify([{ ...service(uuid(5000), 'Huge'), description: 'y'.repeat(10 * 1024 * 1024) }]);
    const tooBig = await admin.agent.post(`/api/hsds/import?organization_id=${org.id}`).set('Content-Type', 'application/json').send(huge);
    expectProblem(tooBig, 413, 'VALIDATION_FAILED');
    expect(await countResources()).toBe(before);
  }, 120_000);

  it('a body that is not JSON records is a 4xx problem', async () => {
    const res = await admin.agent.post('/api/hsds/import').send('42').set('Content-Type', 'application/json');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectProblem(res, res.status, 'VALIDATION_FAILED');
  });
});

describe('npm run cli -- import-hsds', () => {
  it('imports a file into an organisation by slug, and again updates', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-cli-'));
    const file = path.join(dir, 'services.json');
    fs.writeFileSync(file, JSON.stringify({ contents: [service(uuid(9001), 'CLI shelter one'), service(uuid(9002), 'CLI shelter two')] }));
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...api.env, LOG_LEVEL: 'warn' };
    const run = () => promisify(execFile)(process.execPath, [API_CLI, 'import-hsds', file, '--organization', org.slug, '--as', admin.user.username], { cwd: ROOT, env, timeout: 60_000 });
    const first = await run();
    // Standard output is the summary alone: log lines go to standard error.
    expect(JSON.parse(first.stdout)).toEqual({ created: 2, updated: 0, rejected: [] });
    const second = await run();
    expect(JSON.parse(second.stdout)).toEqual({ created: 0, updated: 2, rejected: [] });
    expect((await hsdsGet(api, `/services/${uuid(9002)}`).expect(200)).body).toMatchObject({ name: 'CLI shelter two', organization_id: org.id });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes log lines to standard error once the CLI has switched them there', async () => {
    // What the import logs depends on the machine (a slow search outbox warns), so the switch itself is checked.
    const logger = path.join(path.dirname(API_CLI), 'core/logging/logger.js');
    const script = `const m = await import(${JSON.stringify(logger)}); m.logger.warn('before'); m.logToStderr(); m.logger.warn('after');`;
    const env = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info' };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env });
    expect(stdout).toContain('"msg":"before"');
    expect(stdout).not.toContain('after');
    expect(stderr).toContain('"msg":"after"');
  });
});
