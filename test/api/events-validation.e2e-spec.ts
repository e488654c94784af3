import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/** Bad input is a 422 problem+json naming what to fix, and a rejected request changes nothing. */
let api: TestApi;
let staff: RegisteredUser;
let person: RegisteredUser;
/** Public events are an organisation's: staff is the admin of this one. */
let org: { id: string };

beforeAll(async () => {
  api = await startApi();
  [staff, person] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
  org = await createOrganization(staff);
});
afterAll(() => api?.stop());

const count = async (table: string) => Number((await api.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
const snapshot = async () => ({
  events: await count('events'),
  rsvps: await api.sql(`SELECT event_id, occurrence, user_id, status, updated_at FROM event_rsvps ORDER BY event_id, occurrence, user_id`),
  exceptions: await count('event_exceptions'),
});

const valid = {
  // Read when a test runs, after beforeAll made the organisation.
  get organizationId() {
    return org.id;
  },
  title: 'Open evening',
  kind: 'community',
  startsAt: '2027-05-04T18:00:00+02:00',
  endsAt: '2027-05-04T20:00:00+02:00',
  timezone: 'Europe/Copenhagen',
};

describe('POST /api/events with bad input', () => {
  it('the valid body it is compared with is accepted', async () => {
    const res = await staff.agent.post('/api/events').send(valid).expect(201);
    expect(res.body).toMatchObject({ title: 'Open evening', startsAt: '2027-05-04T16:00:00.000Z', endsAt: '2027-05-04T18:00:00.000Z', timezone: 'Europe/Copenhagen', rrule: null, capacity: null });
  });

  it.each([
    ['end before start', { endsAt: '2027-05-04T17:00:00+02:00' }],
    ['end equal to start', { endsAt: '2027-05-04T18:00:00+02:00' }],
    ['end equal to start, written in another offset', { endsAt: '2027-05-04T16:00:00Z' }],
  ])('%s: 422 EVENT_INVALID_TIME', async (_, patch) => {
    const before = await snapshot();
    const body = expectProblem(await staff.agent.post('/api/events').send({ ...valid, ...patch }), 422, 'EVENT_INVALID_TIME');
    expect(body.errors?.map((e) => e.path)).toEqual(['endsAt']);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an unknown time zone', { timezone: 'Europe/Atlantis' }, 'timezone'],
    ['an offset instead of a zone', { timezone: '+02:00' }, 'timezone'],
    ['an empty time zone', { timezone: '' }, 'timezone'],
    ['FREQ=SOMETIMES', { rrule: 'FREQ=SOMETIMES' }, 'rrule'],
    ['a garbage rule', { rrule: 'every tuesday please' }, 'rrule'],
    ['a rule with no FREQ', { rrule: 'BYDAY=TU;COUNT=3' }, 'rrule'],
    ['a rule with an unknown weekday', { rrule: 'FREQ=WEEKLY;BYDAY=XX' }, 'rrule'],
    ['DTSTART inside the rule (own line)', { rrule: 'DTSTART:20270504T160000Z\nRRULE:FREQ=WEEKLY' }, 'rrule'],
    ['DTSTART inside the rule (as a part)', { rrule: 'FREQ=WEEKLY;DTSTART=20270504T160000Z' }, 'rrule'],
    ['DTSTART with a TZID inside the rule', { rrule: 'DTSTART;TZID=Europe/Copenhagen:20270504T180000\nRRULE:FREQ=WEEKLY' }, 'rrule'],
    ['capacity 0', { capacity: 0 }, 'capacity'],
    ['a negative capacity', { capacity: -5 }, 'capacity'],
    ['capacity 1.5', { capacity: 1.5 }, 'capacity'],
    ['capacity as a string', { capacity: '10' }, 'capacity'],
    ['an unknown kind', { kind: 'party' }, 'kind'],
    ['a missing title', { title: undefined }, 'title'],
    ['an empty title', { title: '' }, 'title'],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['a date and time with a space', { startsAt: '2027-05-04 18:00' }, 'startsAt'],
    ['a local time without an offset', { startsAt: '2027-05-04T18:00:00' }, 'startsAt'],
    ['a European date', { startsAt: '04/05/2027 18:00' }, 'startsAt'],
    ['a date only', { endsAt: '2027-05-04' }, 'endsAt'],
    ['words', { endsAt: 'tomorrow evening' }, 'endsAt'],
    ['a timestamp number', { startsAt: 1809453600000 }, 'startsAt'],
    ['an impossible date', { startsAt: '2027-02-30T18:00:00+01:00' }, 'startsAt'],
    ['a spaceId that is not a uuid', { spaceId: 'my-space' }, 'spaceId'],
    ['an online link that is not http(s)', { location: { url: 'javascript:alert(1)' } }, 'location.url'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('%s: 422 naming the field, nothing stored', async (_, patch, path) => {
    const before = await snapshot();
    expectFieldError(await staff.agent.post('/api/events').send({ ...valid, ...patch }), path);
    expect(await snapshot()).toEqual(before);
  });

  it('a rejected edit changes nothing', async () => {
    const ev = (await staff.agent.post('/api/events').send({ ...valid, rrule: 'FREQ=WEEKLY;COUNT=4', capacity: 5 }).expect(201)).body;
    const read = async () => (await staff.agent.get(`/api/events/${ev.id}`).expect(200)).body;
    const before = await read();
    expectProblem(await staff.agent.patch(`/api/events/${ev.id}`).send({ endsAt: '2027-05-04T15:00:00Z' }), 422, 'EVENT_INVALID_TIME');
    expectFieldError(await staff.agent.patch(`/api/events/${ev.id}`).send({ title: 'New', rrule: 'FREQ=SOMETIMES' }), 'rrule');
    expectFieldError(await staff.agent.patch(`/api/events/${ev.id}`).send({ title: 'New', timezone: 'Mars/Olympus' }), 'timezone');
    expectFieldError(await staff.agent.patch(`/api/events/${ev.id}`).send({ capacity: 0 }), 'capacity');
    expectFieldError(await staff.agent.patch(`/api/events/${ev.id}`).send({ spaceId: null }), 'spaceId');
    expect(await read()).toEqual(before);
  });
});

describe('POST /api/events/:id/rsvp with bad input', () => {
  let series: { id: string };
  let once: { id: string; startsAt: string };
  let occurrences: { occurrence: string; startsAt: string }[];

  beforeAll(async () => {
    series = (await staff.agent.post('/api/events').send({ ...valid, rrule: 'FREQ=WEEKLY;COUNT=3' }).expect(201)).body;
    once = (await staff.agent.post('/api/events').send({ ...valid, startsAt: '2027-06-01T10:00:00+02:00', endsAt: '2027-06-01T12:00:00+02:00' }).expect(201)).body;
    occurrences = ((await person.agent.get('/api/events').query({ from: '2027-05-01T00:00:00Z', to: '2027-06-01T00:00:00Z' }).expect(200)).body.items as { eventId: string; occurrence: string; startsAt: string }[])
      .filter((o) => o.eventId === series.id);
    expect(occurrences).toHaveLength(3);
    await staff.agent.post(`/api/events/${series.id}/cancel`).send({ occurrence: occurrences[1].occurrence }).expect(200);
  });

  const rsvpProblem = async (id: () => string, body: Record<string, unknown>, status: number, code: string, path?: string) => {
    const before = await snapshot();
    const res = await person.agent.post(`/api/events/${id()}/rsvp`).send(body);
    if (path) expectFieldError(res, path, status);
    else expectProblem(res, status, code);
    expect(await snapshot()).toEqual(before);
  };

  it('a cancelled occurrence: 422 OCCURRENCE_CANCELLED', () => rsvpProblem(() => series.id, { status: 'going', occurrence: occurrences[1].occurrence }, 422, 'OCCURRENCE_CANCELLED'));
  it('an occurrence an hour off: 422 OCCURRENCE_NOT_FOUND', () =>
    rsvpProblem(() => series.id, { status: 'going', occurrence: new Date(new Date(occurrences[0].occurrence).getTime() + 3_600_000).toISOString() }, 422, 'OCCURRENCE_NOT_FOUND'));
  it('an occurrence after the last one: 422 OCCURRENCE_NOT_FOUND', () =>
    rsvpProblem(() => series.id, { status: 'going', occurrence: new Date(new Date(occurrences[2].occurrence).getTime() + 7 * 86_400_000).toISOString() }, 422, 'OCCURRENCE_NOT_FOUND'));
  it('an occurrence of a one-off event that is not its start: 422 OCCURRENCE_NOT_FOUND', () =>
    rsvpProblem(() => once.id, { status: 'going', occurrence: '2027-06-02T08:00:00Z' }, 422, 'OCCURRENCE_NOT_FOUND'));
  it('a recurring event without an occurrence: 422 naming occurrence', () => rsvpProblem(() => series.id, { status: 'going' }, 422, 'VALIDATION_FAILED', 'occurrence'));
  it('an occurrence that is not a date: 422 naming occurrence', () => rsvpProblem(() => series.id, { status: 'going', occurrence: 'next week' }, 422, 'VALIDATION_FAILED', 'occurrence'));
  it('"waitlisted" is not an answer one gives: 422 naming status', () => rsvpProblem(() => once.id, { status: 'waitlisted' }, 422, 'VALIDATION_FAILED', 'status'));
  it('no status: 422 naming status', () => rsvpProblem(() => once.id, {}, 422, 'VALIDATION_FAILED', 'status'));

  it('an event that is over: 422 EVENT_IN_PAST', async () => {
    const past = (await staff.agent.post('/api/events').send({ ...valid, startsAt: '2024-05-04T18:00:00+02:00', endsAt: '2024-05-04T20:00:00+02:00' }).expect(201)).body;
    await rsvpProblem(() => past.id, { status: 'going' }, 422, 'EVENT_IN_PAST');
  });

  it('a past occurrence of a series that goes on: 422 EVENT_IN_PAST; the next one is fine', async () => {
    const start = new Date(Date.now() - 8 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const ev = (await staff.agent.post('/api/events').send({ ...valid, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), timezone: 'UTC', rrule: 'FREQ=WEEKLY;COUNT=4' }).expect(201)).body;
    await rsvpProblem(() => ev.id, { status: 'going', occurrence: start.toISOString() }, 422, 'EVENT_IN_PAST');
    const next = new Date(start.getTime() + 14 * 86_400_000).toISOString();
    expect((await person.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: next }).expect(200)).body).toEqual({ status: 'going' });
  });

  it('a cancelled event: 422 OCCURRENCE_CANCELLED for every answer', async () => {
    const ev = (await staff.agent.post('/api/events').send(valid).expect(201)).body;
    await staff.agent.post(`/api/events/${ev.id}/cancel`).send({ message: 'Sorry' }).expect(200);
    for (const status of ['going', 'maybe', 'declined']) await rsvpProblem(() => ev.id, { status }, 422, 'OCCURRENCE_CANCELLED');
  });

  it('an event that does not exist, or a malformed id: 404 EVENT_NOT_FOUND', async () => {
    await rsvpProblem(() => '00000000-0000-4000-8000-000000000000', { status: 'going' }, 404, 'EVENT_NOT_FOUND');
    await rsvpProblem(() => 'not-an-id', { status: 'going' }, 404, 'EVENT_NOT_FOUND');
  });

  it('cancelling or moving something that is not an occurrence: 422, nothing changes', async () => {
    const before = await snapshot();
    expectProblem(await staff.agent.post(`/api/events/${series.id}/cancel`).send({ occurrence: '2027-05-05T16:00:00Z' }), 422, 'OCCURRENCE_NOT_FOUND');
    expectProblem(await staff.agent.post(`/api/events/${series.id}/move`).send({ occurrence: occurrences[0].occurrence, startsAt: '2027-05-05T18:00:00Z', endsAt: '2027-05-05T17:00:00Z' }), 422, 'EVENT_INVALID_TIME');
    expectFieldError(await staff.agent.post(`/api/events/${series.id}/move`).send({ occurrence: occurrences[0].occurrence, startsAt: 'soon', endsAt: '2027-05-05T17:00:00Z' }), 'startsAt');
    expect(await snapshot()).toEqual(before);
  });
});

describe('GET /api/events with a bad window', () => {
  it.each([
    ['more than 400 days', { from: '2027-01-01T00:00:00Z', to: '2028-02-05T00:00:01Z' }, 'EVENT_WINDOW_TOO_LARGE'],
    ['to equal to from', { from: '2027-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }, 'EVENT_INVALID_TIME'],
    ['to before from', { from: '2027-01-02T00:00:00Z', to: '2027-01-01T00:00:00Z' }, 'EVENT_INVALID_TIME'],
    ['to equal to from in another offset', { from: '2027-01-01T00:00:00Z', to: '2027-01-01T01:00:00+01:00' }, 'EVENT_INVALID_TIME'],
  ])('%s: 422 with its code', async (_, query, code) => {
    const body = expectProblem(await request(api.url).get('/api/events').query(query), 422, code);
    expect(body.errors?.map((e) => e.path)).toEqual(['to']);
  });

  it('exactly 400 days is fine', async () => {
    await request(api.url).get('/api/events').query({ from: '2027-01-01T00:00:00Z', to: '2028-02-05T00:00:00Z' }).expect(200);
  });

  it.each([
    ['from that is not a date', { from: 'yesterday' }, 'from'],
    ['to without an offset', { from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00' }, 'to'],
    ['an unknown kind', { kind: 'party' }, 'kind'],
    ['a spaceId that is not a uuid', { spaceId: 'abc' }, 'spaceId'],
  ])('%s: 422 naming the parameter', async (_, query, path) => {
    expectFieldError(await request(api.url).get('/api/events').query(query), path);
  });
});
