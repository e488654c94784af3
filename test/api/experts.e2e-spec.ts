/**
 * Experts by experience: an organisation's staff log contributions only for people who accepted
 * its invitation; the expert sees and exports their own entries across organisations and adds a
 * reflection the organisation sees; everyone else gets "not found". Totals per person, month and
 * theme sum money per currency, and a declined fee counts as volunteering.
 */
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let staff: RegisteredUser;
let otherStaff: RegisteredUser;
let stranger: RegisteredUser;
let platformAdmin: RegisteredUser;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };

const entry = (username: string, over: Json = {}) => ({ username, kind: 'consultation', title: 'Intake form review', date: '2026-03-04', hours: 2, theme: 'early_intervention', ...over });

/** A fresh expert who accepted `org`'s invitation. */
async function listedExpert(organizationId = org.id, by = staff): Promise<RegisteredUser> {
  const expert = await registerUser(api.url);
  await by.agent.post(`/api/organizations/${organizationId}/experts`).send({ username: expert.user.username }).expect(200);
  await expert.agent.post(`/api/me/expert-listings/${organizationId}/accept`).expect(200);
  return expert;
}

const count = async (organizationId: string) => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM expert_contributions WHERE organization_id = $1`, [organizationId]))[0]!.n;

beforeAll(async () => {
  api = await startApi();
  [staff, otherStaff, stranger, platformAdmin] = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [platformAdmin.user.id]);
  org = await createOrganization(staff);
  otherOrg = await createOrganization(otherStaff);
}, 60_000);
afterAll(() => api?.stop());

describe('consent', () => {
  it('nothing is logged before the expert accepts, or after they leave; their past entries stay theirs', async () => {
    const expert = await registerUser(api.url);
    const before = await count(org.id);
    expectProblem(await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username)), 422, 'EXPERT_NOT_LISTED');
    await staff.agent.post(`/api/organizations/${org.id}/experts`).send({ username: expert.user.username }).expect(200);
    const invited = (await expert.agent.get('/api/me/expert-listings').expect(200)).body.items;
    expect(invited).toEqual([expect.objectContaining({ organization: expect.objectContaining({ id: org.id }), acceptedAt: null })]);
    expectProblem(await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username)), 422, 'EXPERT_NOT_LISTED');
    expect(await count(org.id)).toBe(before);

    await expert.agent.post(`/api/me/expert-listings/${org.id}/accept`).expect(200);
    const logged = (await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username)).expect(201)).body;
    expect(logged).toMatchObject({ expert: { userId: expert.user.id }, status: 'planned', volunteering: true, hours: 2 });

    await expert.agent.delete(`/api/me/expert-listings/${org.id}`).expect(204);
    expectProblem(await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username)), 422, 'EXPERT_NOT_LISTED');
    expect((await expert.agent.get('/api/me/contributions').expect(200)).body.items.map((c: Json) => c.id)).toEqual([logged.id]);
    expect((await staff.agent.get(`/api/organizations/${org.id}/experts`).expect(200)).body.items.map((l: Json) => l.expert.userId)).not.toContain(expert.user.id);
    // Accepting an invitation that does not exist (any more) is "not found".
    expectProblem(await expert.agent.post(`/api/me/expert-listings/${org.id}/accept`), 404, 'ORGANIZATION_NOT_FOUND');
  });
});

describe('who sees what', () => {
  let expert: RegisteredUser;
  let logged: Json;
  beforeAll(async () => {
    expert = await listedExpert();
    logged = (await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username, { note: 'Staff note' })).expect(201)).body;
  });

  it('another organisation’s staff, the expert, a platform admin and a stranger get 404 from the organisation’s log', async () => {
    for (const who of [otherStaff, expert, platformAdmin, stranger]) {
      for (const path of ['experts', 'contributions', 'contributions/totals', 'contributions/totals?format=csv', `contributions/${logged.id}`]) {
        expectProblem(await who.agent.get(`/api/organizations/${org.id}/${path}`), 404, path.startsWith('contributions/') && !path.startsWith('contributions/totals') ? 'CONTRIBUTION_NOT_FOUND' : 'ORGANIZATION_NOT_FOUND');
      }
      expectProblem(await who.agent.patch(`/api/organizations/${org.id}/contributions/${logged.id}`).send({ status: 'done' }), 404, 'CONTRIBUTION_NOT_FOUND');
      expectProblem(await who.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username)), 404, 'ORGANIZATION_NOT_FOUND');
      expectProblem(await who.agent.post(`/api/organizations/${org.id}/experts`).send({ username: stranger.user.username }), 404, 'ORGANIZATION_NOT_FOUND');
    }
    // Staff of another organisation cannot reach the entry through their own organisation either.
    expectProblem(await otherStaff.agent.get(`/api/organizations/${otherOrg.id}/contributions/${logged.id}`), 404, 'CONTRIBUTION_NOT_FOUND');
    expect((await otherStaff.agent.get(`/api/organizations/${otherOrg.id}/contributions`).expect(200)).body.items).toEqual([]);
    expectProblem(await request(api.url).get(`/api/organizations/${org.id}/contributions`), 401, 'UNAUTHENTICATED');
    expect((await api.sql<Json>(`SELECT status FROM expert_contributions WHERE id = $1`, [logged.id]))[0]).toEqual({ status: 'planned' });
  });

  it('only the expert writes a reflection; the organisation reads it; nobody else sees the entry', async () => {
    for (const who of [staff, otherStaff, stranger]) {
      expectProblem(await who.agent.put(`/api/me/contributions/${logged.id}/reflection`).send({ reflection: 'not mine' }), 404, 'CONTRIBUTION_NOT_FOUND');
      expect((await who.agent.get('/api/me/contributions').expect(200)).body.items.map((c: Json) => c.id)).not.toContain(logged.id);
    }
    const reflected = (await expert.agent.put(`/api/me/contributions/${logged.id}/reflection`).send({ reflection: 'They rewrote question 3.' }).expect(200)).body;
    expect(reflected).toMatchObject({ reflection: 'They rewrote question 3.', reflectedAt: expect.any(String) });
    expect((await staff.agent.get(`/api/organizations/${org.id}/contributions/${logged.id}`).expect(200)).body).toMatchObject({ reflection: 'They rewrote question 3.', note: 'Staff note' });
    expectFieldError(await expert.agent.put(`/api/me/contributions/${logged.id}/reflection`).send({ reflection: 'x'.repeat(1001) }), 'reflection');
    await expert.agent.put(`/api/me/contributions/${logged.id}/reflection`).send({ reflection: '' }).expect(200);
    expect((await staff.agent.get(`/api/organizations/${org.id}/contributions/${logged.id}`).expect(200)).body.reflection).toBeNull();
  });
});

describe('bounds', () => {
  it('refuses bad input with the field named, and stores nothing', async () => {
    const expert = await listedExpert();
    const u = expert.user.username;
    const before = await count(org.id);
    const cases: [Json, string][] = [
      [entry(u, { hours: 0.2 }), 'hours'],
      [entry(u, { hours: 24.25 }), 'hours'],
      [entry(u, { hours: 1.1 }), 'hours'],
      [entry(u, { hours: '2' }), 'hours'],
      [entry(u, { date: '2026-02-30' }), 'date'],
      [entry(u, { date: '1999-12-31' }), 'date'],
      [entry(u, { date: '2099-01-01' }), 'date'],
      [entry(u, { kind: 'speech' }), 'kind'],
      [entry(u, { theme: 'housing' }), 'theme'],
      [entry(u, { title: '' }), 'title'],
      [entry(u, { title: 'x'.repeat(201) }), 'title'],
      [entry(u, { feeAmount: 100 }), 'currency'],
      [entry(u, { expensesAmount: 5 }), 'currency'],
      [entry(u, { currency: 'USD', feeAmount: 100 }), 'currency'],
      [entry(u, { currency: 'EUR', feeAmount: -1 }), 'feeAmount'],
      [entry(u, { currency: 'EUR', feeAmount: 10_000_001 }), 'feeAmount'],
      [entry(u, { currency: 'EUR', expensesAmount: 1.234 }), 'expensesAmount'],
      [entry(u, { feeDeclined: true }), 'feeDeclined'],
      [entry(u, { status: 'paid' }), 'status'],
      [entry(u, { note: 'x'.repeat(1001) }), 'note'],
      [entry(u, { iban: 'FI21 1234 5600 0007 85' }), 'iban'],
    ];
    for (const [body, field] of cases) expectFieldError(await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(body), field);
    expectFieldError(await staff.agent.get(`/api/organizations/${org.id}/contributions?limit=1000`), 'limit');
    expectFieldError(await staff.agent.get(`/api/organizations/${org.id}/contributions?cursor=nonsense`), 'cursor');
    expectFieldError(await staff.agent.get(`/api/organizations/${org.id}/contributions/totals?format=xlsx`), 'format');
    expect(await count(org.id)).toBe(before);
    // The edges themselves are fine.
    for (const hours of [0.25, 24]) await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(u, { hours })).expect(201);
  });
});

describe('status', () => {
  it('moves planned → done → paid one step at a time; paid is final; nothing to pay cannot be paid', async () => {
    const expert = await listedExpert();
    const path = (id: string) => `/api/organizations/${org.id}/contributions/${id}`;
    const paid = (await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username, { currency: 'EUR', feeAmount: 80 })).expect(201)).body;
    expectProblem(await staff.agent.patch(path(paid.id)).send({ status: 'paid' }), 409, 'CONTRIBUTION_TRANSITION_INVALID');
    await staff.agent.patch(path(paid.id)).send({ status: 'done' }).expect(200);
    expectProblem(await staff.agent.patch(path(paid.id)).send({ status: 'planned' }), 409, 'CONTRIBUTION_TRANSITION_INVALID');
    expect((await staff.agent.patch(path(paid.id)).send({ status: 'paid' }).expect(200)).body.status).toBe('paid');
    expectProblem(await staff.agent.patch(path(paid.id)).send({ title: 'Changed' }), 409, 'CONTRIBUTION_PAID');
    expectProblem(await staff.agent.patch(path(paid.id)).send({ status: 'done' }), 409, 'CONTRIBUTION_PAID');

    // A declined fee with no expenses is volunteering: there is nothing to pay.
    const volunteered = (await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username, { currency: 'EUR', feeAmount: 80, feeDeclined: true, status: 'done' })).expect(201)).body;
    expect(volunteered.volunteering).toBe(true);
    expectProblem(await staff.agent.patch(path(volunteered.id)).send({ status: 'paid' }), 409, 'CONTRIBUTION_TRANSITION_INVALID');
    // Its expenses can be paid back, though.
    expect((await staff.agent.patch(path(volunteered.id)).send({ expensesAmount: 12.5, status: 'paid' }).expect(200)).body).toMatchObject({ status: 'paid', expensesAmount: 12.5, volunteering: true });
    // An edit is checked as a whole: dropping the currency while money is set is refused.
    const planned = (await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(expert.user.username, { currency: 'EUR', feeAmount: 10 })).expect(201)).body;
    expectFieldError(await staff.agent.patch(path(planned.id)).send({ currency: null }), 'currency');
    expectFieldError(await staff.agent.patch(path(planned.id)).send({}), '(body)');
  });
});

describe('totals and exports', () => {
  it('a known set: three contributions, one declined fee, two currencies, one still planned (not counted)', async () => {
    const reporting = await createOrganization(staff);
    const [aino, bela] = [await listedExpert(reporting.id), await listedExpert(reporting.id)];
    const post = (body: Json) => staff.agent.post(`/api/organizations/${reporting.id}/contributions`).send(body).expect(201);
    await post(entry(aino.user.username, { kind: 'lecture', title: '=cmd|calc', date: '2026-03-04', hours: 2, theme: 'social_inclusion', currency: 'EUR', feeAmount: 150, expensesAmount: 12.4, status: 'done' }));
    await post(entry(aino.user.username, { kind: 'working_group', date: '2026-04-01', hours: 1.5, theme: 'supported_housing', currency: 'EUR', feeAmount: 100, feeDeclined: true, expensesAmount: 8.1, status: 'done' }));
    await post(entry(bela.user.username, { kind: 'peer_research_interview', date: '2026-03-20', hours: 0.75, theme: 'social_inclusion', currency: 'HUF', feeAmount: 20000, status: 'done' }));
    await post(entry(bela.user.username, { date: '2026-05-01', hours: 3, currency: 'EUR', feeAmount: 999, status: 'planned' }));

    const res = await staff.agent.get(`/api/organizations/${reporting.id}/contributions/totals?format=csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const [a, b] = [aino.user.username, bela.user.username].sort();
    const person = (name: string) => (name === aino.user.username ? `person,${name},2,3.50,1,150.00,20.50,0.00,0.00` : `person,${name},1,0.75,0,0.00,0.00,20000.00,0.00`);
    expect(res.text.split('\r\n')).toEqual([
      'group,key,entries,hours,volunteer_entries,fees_EUR,expenses_EUR,fees_HUF,expenses_HUF',
      person(a!),
      person(b!),
      'month,2026-03,2,2.75,0,150.00,12.40,20000.00,0.00',
      'month,2026-04,1,1.50,1,0.00,8.10,0.00,0.00',
      'theme,social_inclusion,2,2.75,0,150.00,12.40,20000.00,0.00',
      'theme,supported_housing,1,1.50,1,0.00,8.10,0.00,0.00',
      '',
    ]);
    const json = (await staff.agent.get(`/api/organizations/${reporting.id}/contributions/totals`).expect(200)).body;
    expect(json.items.find((r: Json) => r.group === 'person' && r.key === aino.user.username)).toEqual({
      group: 'person', key: aino.user.username, entries: 2, hours: 3.5, volunteerEntries: 1, money: [{ currency: 'EUR', fees: 150, expenses: 20.5 }],
    });

    // The expert's own CSV: every organisation's entries, the formula-looking title defused.
    await staff.agent.post(`/api/organizations/${org.id}/experts`).send({ username: aino.user.username }).expect(200);
    await aino.agent.post(`/api/me/expert-listings/${org.id}/accept`).expect(200);
    await staff.agent.post(`/api/organizations/${org.id}/contributions`).send(entry(aino.user.username, { title: 'Training day', kind: 'training', date: '2026-02-01' })).expect(201);
    const own = await aino.agent.get('/api/me/contributions?format=csv').expect(200);
    expect(own.headers['content-disposition']).toMatch(/attachment/);
    const lines = own.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('organization,date,kind,title,theme,hours,status,volunteering,currency,fee_offered,fee_declined,expenses,reflection');
    expect(lines.map((l) => l.split(',')[1])).toEqual(['date', '2026-04-01', '2026-03-04', '2026-02-01']);
    expect(own.text).toContain(`"'=cmd|calc"`);
    expect(lines[1]).toContain(',supported_housing,1.50,done,yes,EUR,100.00,yes,8.10,');
    // Paging the JSON list keeps every entry exactly once.
    const first = (await aino.agent.get('/api/me/contributions?limit=2').expect(200)).body;
    const second = (await aino.agent.get(`/api/me/contributions?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect([...first.items, ...second.items].map((c: Json) => c.date)).toEqual(['2026-04-01', '2026-03-04', '2026-02-01']);
    expect(second.nextCursor).toBeNull();
  });
});
