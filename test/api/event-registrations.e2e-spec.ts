import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem, uniqueIp } from '../support/http.js';
import { PARTNERS, inDays, multiplierEvent, participant, settingsBody } from '../support/registrations.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Multiplier-event registrations: a public form without an account, records apart from accounts,
 * only the organising organisation's staff see them, deleted at the retention date.
 */
let api: TestApi;
let staff: RegisteredUser;
let colleague: RegisteredUser;
let member: RegisteredUser;
let platformAdmin: RegisteredUser;
let eventId: string;

const anonymous = () => request(api.url);
const register = (id: string, body: Record<string, unknown>) => anonymous().post(`/api/events/${id}/registrations`).set('X-Forwarded-For', uniqueIp()).send(body);
const csvOf = (rows: Record<string, unknown>[]) =>
  ['full_name,organisation,organisation_address,country,organisation_type,role', ...rows.map((r) => [r.fullName, r.organisation, `"${String(r.organisationAddress)}"`, r.country, r.organisationType, r.role].join(','))].join('\n');
const count = async (id: string) => (await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event_registrations WHERE event_id = $1`, [id]))[0]!.n;

beforeAll(async () => {
  api = await startApi({ env: { REGISTRATION_SWEEP_SECONDS: '1' } });
  [staff, colleague, member, platformAdmin] = await Promise.all([1, 2, 3, 4].map(() => registerUser(api.url)));
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [platformAdmin.user.id]);
  ({ eventId } = await multiplierEvent(staff));
  const { org } = { org: (await staff.agent.get(`/api/events/${eventId}`).expect(200)).body.organization };
  await staff.agent.post(`/api/organizations/${org.id}/staff`).send({ username: colleague.user.username, role: 'staff' }).expect(200);
});
afterAll(() => api?.stop());

describe('registering for a multiplier event', () => {
  it('works without an account, and answers a private link that shows and withdraws it', async () => {
    const res = await register(eventId, { ...participant(1), consent: true }).expect(201);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.registration).toMatchObject({ fullName: 'Participant 001', eventId, retentionUntil: settingsBody().retentionUntil });
    const mine = await anonymous().get(`/api/registrations/${res.body.token}`).expect(200);
    expect(mine.body).toMatchObject({ fullName: 'Participant 001', country: 'HU' });
    // Only a hash of the link is stored.
    const stored = await api.sql<{ token_hash: Buffer }>(`SELECT token_hash FROM event_registrations WHERE full_name = 'Participant 001'`);
    expect(stored[0]!.token_hash.toString('base64url')).not.toBe(res.body.token);
    await anonymous().delete(`/api/registrations/${res.body.token}`).expect(204);
    expectProblem(await anonymous().get(`/api/registrations/${res.body.token}`), 404, 'REGISTRATION_NOT_FOUND');
    expectProblem(await anonymous().get(`/api/registrations/not-a-token`), 404, 'REGISTRATION_NOT_FOUND');
  });

  it('keeps no trace of the account of someone signed in, and the table has no column that could', async () => {
    await member.agent.post(`/api/events/${eventId}/registrations`).send({ ...participant(2, { fullName: 'Signed In Person' }), consent: true }).expect(201);
    const columns = await api.sql<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'event_registrations'`);
    expect(columns.map((c) => c.column_name).filter((c) => /user|author|created_by|account/.test(c))).toEqual([]);
    const exported = await member.agent.get('/api/me/export').expect(200);
    expect(JSON.stringify(exported.body)).not.toContain('Signed In Person');
  });

  it('is refused without consent, naming the field, and stores nothing', async () => {
    const before = await count(eventId);
    expectFieldError(await register(eventId, participant(3)), 'consent');
    expectFieldError(await register(eventId, { ...participant(3), consent: false }), 'consent');
    expectFieldError(await register(eventId, { ...participant(3, { country: 'XX' }), consent: true }), 'country');
    expect(await count(eventId)).toBe(before);
  });

  it('is refused when the organiser closed it, and for events that are not multiplier events', async () => {
    const { eventId: closed } = await multiplierEvent(staff, 'Closed Org');
    await staff.agent.put(`/api/events/${closed}/registration-settings`).send(settingsBody({ open: false })).expect(200);
    expectProblem(await register(closed, { ...participant(4), consent: true }), 409, 'REGISTRATION_CLOSED');
    const org = (await staff.agent.get(`/api/events/${closed}`)).body.organizationId;
    const community = await staff.agent.post('/api/events').send({ title: 'Dinner', kind: 'community', startsAt: '2027-05-04T18:00:00+02:00', endsAt: '2027-05-04T20:00:00+02:00', timezone: 'Europe/Budapest', organizationId: org }).expect(201);
    expectFieldError(await staff.agent.put(`/api/events/${community.body.id}/registration-settings`).send(settingsBody()), 'kind');
  });

  it('needs a consent text and a retention date in the future', async () => {
    expectFieldError(await staff.agent.put(`/api/events/${eventId}/registration-settings`).send(settingsBody({ consentText: '' })), 'consentText');
    expectFieldError(await staff.agent.put(`/api/events/${eventId}/registration-settings`).send(settingsBody({ retentionUntil: inDays(-1) })), 'retentionUntil');
    expectFieldError(await staff.agent.put(`/api/events/${eventId}/registration-settings`).send(settingsBody({ retentionUntil: inDays(0) })), 'retentionUntil');
  });
});

describe('who sees registrations', () => {
  it("only the organising organisation's staff; everyone else (platform admins too) is told they do not exist", async () => {
    await colleague.agent.get(`/api/events/${eventId}/registrations`).expect(200);
    for (const who of [member.agent, platformAdmin.agent]) {
      for (const path of ['registrations', 'registrations.csv', 'report', 'report.pdf', 'report.csv', 'sign-in-sheet.pdf']) {
        expectProblem(await who.get(`/api/events/${eventId}/${path}`), 404, 'REGISTRATION_NOT_FOUND');
      }
      expectProblem(await who.post(`/api/events/${eventId}/registrations/import`).send({ csv: csvOf([participant(5)]) }), 404, 'REGISTRATION_NOT_FOUND');
      expectProblem(await who.put(`/api/events/${eventId}/registration-settings`).send(settingsBody()), 404, 'REGISTRATION_NOT_FOUND');
    }
    // The public sees that it takes registrations, what they agree to and until when; not the partners.
    const settings = await anonymous().get(`/api/events/${eventId}/registration-settings`).expect(200);
    expect(settings.body).toMatchObject({ open: true, retentionUntil: settingsBody().retentionUntil, partnerOrganisations: null });
    expect(settings.body.consentText).toContain('I agree');
  });
});

describe('check-in, walk-ins and the CSV import', () => {
  it('checks people in and out, and adds walk-ins on the day', async () => {
    const { eventId: day } = await multiplierEvent(staff, 'Check-in Org');
    await register(day, { ...participant(10), consent: true }).expect(201);
    const list = await staff.agent.get(`/api/events/${day}/registrations?q=participant 010`).expect(200);
    const id = list.body.items[0].id;
    expect((await staff.agent.put(`/api/events/${day}/registrations/${id}/check-in`).send({ checkedIn: true }).expect(200)).body.checkedInAt).toEqual(expect.any(String));
    expect((await staff.agent.put(`/api/events/${day}/registrations/${id}/check-in`).send({ checkedIn: false }).expect(200)).body.checkedInAt).toBeNull();
    const walkIn = await staff.agent.post(`/api/events/${day}/registrations/walk-ins`).send({ ...participant(11, { fullName: 'Walk In' }), consent: true }).expect(201);
    expect(walkIn.body).toMatchObject({ source: 'walk_in', external: true, checkedInAt: expect.any(String) });
    expectFieldError(await staff.agent.post(`/api/events/${day}/registrations/walk-ins`).send(participant(12)), 'consent');
  });

  it('imports a file in one piece, and refuses a 10,000-row file or a bad row whole, naming the field and row', async () => {
    const { eventId: imp } = await multiplierEvent(staff, 'Import Org');
    const ok = await staff.agent.post(`/api/events/${imp}/registrations/import`).send({ csv: csvOf(Array.from({ length: 30 }, (_, i) => participant(i))) }).expect(200);
    expect(ok.body).toEqual({ imported: 30 });
    const huge = csvOf(Array.from({ length: 10_000 }, (_, i) => participant(i)));
    const tooMany = expectProblem(await staff.agent.post(`/api/events/${imp}/registrations/import`).send({ csv: huge }), 413, 'IMPORT_TOO_LARGE');
    expect(tooMany.errors?.map((e) => e.path)).toEqual(['csv']);
    const oneMb = expectProblem(await staff.agent.post(`/api/events/${imp}/registrations/import`).send({ csv: `${csvOf([participant(1)])}\n${'x'.repeat(1024 * 1024)}` }), 413, 'IMPORT_TOO_LARGE');
    expect(oneMb.errors?.map((e) => e.path)).toEqual(['csv']);
    const rows = Array.from({ length: 5 }, (_, i) => participant(100 + i));
    rows[3] = { ...rows[3]!, country: 'Narnia' };
    expectFieldError(await staff.agent.post(`/api/events/${imp}/registrations/import`).send({ csv: csvOf(rows) }), 'csv[5].country');
    expectFieldError(await staff.agent.post(`/api/events/${imp}/registrations/import`).send({ csv: 'name,org\nA,B' }), 'csv[1]');
    expect(await count(imp)).toBe(30);
  });

  it('exports registrations as CSV with formula-looking cells defused', async () => {
    const { eventId: exp } = await multiplierEvent(staff, 'Export Org');
    await register(exp, { ...participant(1, { fullName: '=HYPERLINK("http://x")' }), consent: true }).expect(201);
    const res = await staff.agent.get(`/api/events/${exp}/registrations.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [head, row] = parse(res.text) as string[][];
    expect(head!.slice(0, 6)).toEqual(['full_name', 'organisation', 'organisation_address', 'country', 'organisation_type', 'role']);
    expect(row![0]).toBe(`'=HYPERLINK("http://x")`);
  });
});

describe('the event report and the sign-in sheet', () => {
  it('count registrations, attendance and external participants by country and organisation type', async () => {
    const { eventId: rep } = await multiplierEvent(staff, 'Report Org', 'Report test event');
    await staff.agent.post(`/api/events/${rep}/registrations/import`).send({ csv: csvOf(Array.from({ length: 40 }, (_, i) => participant(i))) }).expect(200);
    const { body: list } = await staff.agent.get(`/api/events/${rep}/registrations?limit=100`).expect(200);
    // Everyone with an even number checks in: 20 people, all of them from partner organisations.
    const come = list.items.filter((r: { fullName: string }) => Number(r.fullName.slice(-3)) % 2 === 0 || r.fullName.endsWith('001'));
    for (const r of come) await staff.agent.put(`/api/events/${rep}/registrations/${r.id}/check-in`).send({ checkedIn: true }).expect(200);
    const { body: report } = await staff.agent.get(`/api/events/${rep}/report`).expect(200);
    expect(report).toMatchObject({ registered: 40, attended: 21, external: { registered: 20, attended: 1 }, partnerOrganisations: PARTNERS });
    const byCountry = Object.fromEntries(report.externalByCountry.map((r: { key: string; registered: number }) => [r.key, r.registered]));
    expect(byCountry).toEqual({ HU: 13, RS: 7 });
    expect(report.externalByOrganisationType).toEqual([{ key: 'public_body', registered: 20, attended: 1 }]);

    const csv = await staff.agent.get(`/api/events/${rep}/report.csv`).set('Accept-Language', 'en').expect(200);
    const lines = parse(csv.text, { relax_column_count: true }) as string[][];
    expect(lines).toContainEqual(['Everyone', '40', '21']);
    expect(lines).toContainEqual(['From outside the partner organisations', '20', '1']);
    expect(lines).toContainEqual(['Serbia (RS)', '7', expect.any(String)]);
    expect(lines).toContainEqual(['Public body', '20', '1']);
    expect(lines.flat().join(' ')).toContain('11:00 Peer mentoring in practice');

    const pdf = await staff.agent.get(`/api/events/${rep}/report.pdf`).buffer(true).parse(binary as never).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.body as Buffer).toString('latin1')).toContain('Report test event');

    // 40 names and 10 empty lines at 30 points a row, the header repeated: three A4 pages.
    const sheet = await staff.agent.get(`/api/events/${rep}/sign-in-sheet.pdf`).buffer(true).parse(binary as never).expect(200);
    expect((sheet.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(sheet.body as Buffer)).toBe(3);
  });
});

describe('the report gathers the event\'s files and its feedback', () => {
  it('lists the agenda and materials, and shows feedback only as totals once five people answered', async () => {
    const { eventId: fb } = await multiplierEvent(staff, 'Feedback Org', 'Feedback report event');
    const pdfFile = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await staff.agent.post(`/api/events/${fb}/materials`).field('title', 'Programme of the day').field('agenda', 'true').attach('file', pdfFile, 'programme.pdf').expect(201);
    const reportLines = async () => parse((await staff.agent.get(`/api/events/${fb}/report.csv`).set('Accept-Language', 'en').expect(200)).text, { relax_column_count: true }) as string[][];
    expect((await reportLines()).flat()).toContain('No feedback form was set up for this event.');

    // The event is over; the form is open and people answer with single-use codes.
    await api.sql(`UPDATE events SET starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [fb]);
    await staff.agent.put(`/api/events/${fb}/feedback`).send({ questions: ['usefulness', 'willUse'], closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString() }).expect(200);
    const { codes } = (await staff.agent.post(`/api/events/${fb}/feedback/codes`).send({ count: 5 }).expect(201)).body as { codes: string[] };
    const answer = (code: string, usefulness: number, willUse: string) => anonymous().post(`/api/events/${fb}/feedback/answers`).send({ code, usefulness, willUse }).expect(201);
    for (const [i, code] of codes.slice(0, 4).entries()) await answer(code, 4, `Idea number ${i}`);
    let lines = await reportLines();
    expect(lines).toContainEqual(['Programme of the day (agenda)', 'programme.pdf']);
    expect(lines.flat()).toContain('Answers: 4');
    expect(lines.flat().join(' ')).not.toContain('Idea number');

    await answer(codes[4]!, 2, 'Idea number 4');
    lines = await reportLines();
    expect(lines.flat()).toContain('How useful it was (1 to 5): average 3.6 from 5 answers');
    expect(lines).toContainEqual(['4', '4']);
    expect(lines.flat().filter((c) => c.startsWith('• Idea number')).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `• Idea number ${i}`));
  });
});

describe('retention', () => {
  it("reminds the organisation's admins about 30 days before, then deletes the records on the day", async () => {
    const { eventId: old } = await multiplierEvent(staff, 'Retention Org');
    await staff.agent.put(`/api/events/${old}/registration-settings`).send(settingsBody({ retentionUntil: inDays(20) })).expect(200);
    const { body } = await register(old, { ...participant(1), consent: true }).expect(201);
    await waitFor(async () => (await reminders(staff, old)).length === 1);
    expect((await reminders(staff, old))[0]).toMatchObject({ data: { eventId: old, retentionUntil: inDays(20) } });
    // Arranged: the day has come.
    await api.sql(`UPDATE event_registration_settings SET retention_until = current_date WHERE event_id = $1`, [old]);
    await waitFor(async () => (await count(old)) === 0);
    expectProblem(await anonymous().get(`/api/registrations/${body.token}`), 404, 'REGISTRATION_NOT_FOUND');
    expect((await reminders(colleague, old)).length).toBe(0);
  });
});

/** Collects a PDF answer as bytes (supertest's parser type names its browser Response, hence the cast at the call). */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

async function reminders(who: RegisteredUser, id: string) {
  const res = await who.agent.get('/api/me/notifications?limit=100').expect(200);
  return (res.body.items as { kind: string; data: { eventId: string } }[]).filter((n) => n.kind === 'event.registrations_retention' && n.data.eventId === id);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
