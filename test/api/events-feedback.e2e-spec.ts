import { startApi, type TestApi } from '../support/api-server.js';
import { createOrganization } from '../support/directory.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Feedback after an event, anonymous by design: answers hold no person and no time finer than the
 * day, nobody answers twice, and results are only aggregates, once at least five answered.
 */
let api: TestApi;
let staff: RegisteredUser;
let people: RegisteredUser[];
let org: { id: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A public event that ended an hour ago (made in the future, then moved back by hand). */
async function pastEvent(): Promise<{ id: string }> {
  const start = new Date(Date.now() + 7 * DAY);
  const event = (
    await staff.agent
      .post('/api/events')
      .send({ title: 'Multiplier day', kind: 'multiplier', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * HOUR).toISOString(), timezone: 'Europe/Budapest', organizationId: org.id })
      .expect(201)
  ).body;
  await api.sql(`UPDATE events SET starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [event.id]);
  return event;
}

const openForm = (eventId: string, questions = ['usefulness', 'willUse', 'missing', 'recommend']) =>
  staff.agent.put(`/api/events/${eventId}/feedback`).send({ questions, closesAt: new Date(Date.now() + 14 * DAY).toISOString() });

beforeAll(async () => {
  api = await startApi();
  staff = await registerUser(api.url);
  people = await Promise.all(Array.from({ length: 6 }, () => registerUser(api.url)));
  org = await createOrganization(staff, 'Municipal peer programme');
});
afterAll(() => api?.stop());

describe('event feedback', () => {
  it('the answers table has no column that could name or time a person', async () => {
    const columns = await api.sql<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'event_feedback_answers' AND table_schema = current_schema() ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'uuid' },
      { column_name: 'event_id', data_type: 'uuid' },
      { column_name: 'answered_on', data_type: 'date' },
      { column_name: 'usefulness', data_type: 'smallint' },
      { column_name: 'will_use', data_type: 'text' },
      { column_name: 'missing', data_type: 'text' },
      { column_name: 'recommend', data_type: 'boolean' },
    ]);
    // Who answered is kept apart, and says nothing else.
    const respondents = await api.sql<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'event_feedback_respondents' AND table_schema = current_schema() ORDER BY ordinal_position`,
    );
    expect(respondents.map((c) => c.column_name)).toEqual(['event_id', 'user_id']);
  });

  it('opens at the event\'s end by default; the window is bounded', async () => {
    const event = await pastEvent();
    const [row] = await api.sql<{ ends_at: Date }>(`SELECT ends_at FROM events WHERE id = $1`, [event.id]);
    const form = (await openForm(event.id).expect(200)).body;
    expect(form).toMatchObject({ questions: ['usefulness', 'willUse', 'missing', 'recommend'], open: true, answered: false, opensAt: row.ends_at.toISOString() });
    expectFieldError(await staff.agent.put(`/api/events/${event.id}/feedback`).send({ questions: ['usefulness'], closesAt: new Date(Date.now() + 200 * DAY).toISOString() }), 'closesAt');
    expectFieldError(await staff.agent.put(`/api/events/${event.id}/feedback`).send({ questions: ['usefulness'], closesAt: new Date(Date.now() - 2 * DAY).toISOString() }), 'closesAt');
    expectFieldError(await staff.agent.put(`/api/events/${event.id}/feedback`).send({ questions: ['usefulness'], opensAt: new Date(Date.now() - 30 * DAY).toISOString(), closesAt: new Date(Date.now() + DAY).toISOString() }), 'opensAt');
    expectFieldError(await staff.agent.put(`/api/events/${event.id}/feedback`).send({ questions: ['mood'], closesAt: new Date(Date.now() + DAY).toISOString() }), 'questions.0');
    // Only the organiser sets it up.
    expectProblem(await people[0].agent.put(`/api/events/${event.id}/feedback`).send({ questions: ['usefulness'], closesAt: new Date(Date.now() + DAY).toISOString() }), 404, 'EVENT_NOT_FOUND');
  });

  it('a person answers once; a second answer is refused; answers are checked', async () => {
    const event = await pastEvent();
    await openForm(event.id, ['usefulness', 'willUse']).expect(200);
    const me = people[0];
    expectFieldError(await me.agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 6 }), 'usefulness');
    expectFieldError(await me.agent.post(`/api/events/${event.id}/feedback/answers`).send({ recommend: true }), 'recommend');
    expectFieldError(await me.agent.post(`/api/events/${event.id}/feedback/answers`).send({ willUse: 'x'.repeat(1001) }), 'willUse');
    expectFieldError(await me.agent.post(`/api/events/${event.id}/feedback/answers`).send({}), 'usefulness');
    await me.agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 4, willUse: 'The budgeting worksheet' }).expect(201);
    expectProblem(await me.agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 1 }), 409, 'FEEDBACK_ALREADY_GIVEN');
    expect((await me.agent.get(`/api/events/${event.id}/feedback`).expect(200)).body.answered).toBe(true);
    expect(await api.sql(`SELECT count(*)::int AS n FROM event_feedback_answers WHERE event_id = $1`, [event.id])).toEqual([{ n: 1 }]);
    // Signed out and without a code, nobody answers.
    expectProblem(await fetch(`${api.url}/api/events/${event.id}/feedback/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"usefulness":3}' }).then(toSupertestLike), 401, 'UNAUTHENTICATED');
  });

  it('people without an account answer with a single-use code', async () => {
    const event = await pastEvent();
    await openForm(event.id, ['usefulness']).expect(200);
    expectProblem(await people[0].agent.post(`/api/events/${event.id}/feedback/codes`).send({ count: 2 }), 404, 'EVENT_NOT_FOUND');
    expectFieldError(await staff.agent.post(`/api/events/${event.id}/feedback/codes`).send({ count: 201 }), 'count');
    const { codes } = (await staff.agent.post(`/api/events/${event.id}/feedback/codes`).send({ count: 2 }).expect(201)).body;
    expect(codes).toHaveLength(2);
    const post = (body: unknown) => fetch(`${api.url}/api/events/${event.id}/feedback/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(toSupertestLike);
    expect((await fetch(`${api.url}/api/events/${event.id}/feedback?code=${codes[0]}`).then((r) => r.json())).answered).toBe(false);
    expect((await post({ code: codes[0], usefulness: 5 })).status).toBe(201);
    expectProblem(await post({ code: codes[0], usefulness: 5 }), 409, 'FEEDBACK_ALREADY_GIVEN');
    expectFieldError(await post({ code: 'not-a-real-code-at-all', usefulness: 5 }), 'code');
    // Codes are kept only as hashes.
    expect(await api.sql(`SELECT 1 FROM event_feedback_codes WHERE code_hash = ANY($1)`, [codes])).toEqual([]);
  });

  it('results show only from five answers, as aggregates; free text in a shuffled order', async () => {
    const event = await pastEvent();
    await openForm(event.id).expect(200);
    const answers = [
      { usefulness: 5, willUse: 'Worksheet', recommend: true },
      { usefulness: 4, missing: 'More time for questions', recommend: true },
      { usefulness: 3, recommend: false },
      { usefulness: 5 },
    ];
    for (const [i, a] of answers.entries()) await people[i].agent.post(`/api/events/${event.id}/feedback/answers`).send(a).expect(201);
    const few = (await staff.agent.get(`/api/events/${event.id}/feedback/summary`).expect(200)).body;
    expect(few).toEqual({ answered: 4, enough: false, questions: ['usefulness', 'willUse', 'missing', 'recommend'], usefulness: null, recommend: null, willUse: [], missing: [] });
    await people[4].agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 2, willUse: 'The map of services' }).expect(201);
    const five = (await staff.agent.get(`/api/events/${event.id}/feedback/summary`).expect(200)).body;
    expect(five).toMatchObject({ answered: 5, enough: true, usefulness: { count: 5, mean: 3.8, distribution: [0, 1, 1, 1, 2] }, recommend: { yes: 2, no: 1 }, missing: ['More time for questions'] });
    expect([...five.willUse].sort()).toEqual(['The map of services', 'Worksheet']);
    // Only the organiser sees results.
    expectProblem(await people[0].agent.get(`/api/events/${event.id}/feedback/summary`), 404, 'EVENT_NOT_FOUND');
    // Answers are dated by the day only.
    const days = await api.sql<{ answered_on: unknown }>(`SELECT answered_on::text AS answered_on FROM event_feedback_answers WHERE event_id = $1`, [event.id]);
    for (const d of days) expect(d.answered_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('after the form closes (or before it opens) an answer is refused', async () => {
    const event = await pastEvent();
    await openForm(event.id, ['usefulness']).expect(200);
    await api.sql(`UPDATE event_feedback_forms SET closes_at = now() - interval '1 minute', opens_at = now() - interval '2 days' WHERE event_id = $1`, [event.id]);
    expect((await people[5].agent.get(`/api/events/${event.id}/feedback`).expect(200)).body.open).toBe(false);
    expectProblem(await people[5].agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 3 }), 409, 'FEEDBACK_CLOSED');
    await api.sql(`UPDATE event_feedback_forms SET opens_at = now() + interval '1 day', closes_at = now() + interval '2 days' WHERE event_id = $1`, [event.id]);
    expectProblem(await people[5].agent.post(`/api/events/${event.id}/feedback/answers`).send({ usefulness: 3 }), 409, 'FEEDBACK_CLOSED');
    expect(await api.sql(`SELECT 1 FROM event_feedback_respondents WHERE event_id = $1`, [event.id])).toEqual([]);
  });
});

/** A fetch Response in the shape expectProblem reads. */
async function toSupertestLike(r: Response) {
  const text = await r.text();
  return { status: r.status, text, body: text ? JSON.parse(text) : undefined, headers: Object.fromEntries(r.headers.entries()) } as unknown as Parameters<typeof expectProblem>[0];
}
