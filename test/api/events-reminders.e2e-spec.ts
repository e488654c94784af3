import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import request from 'supertest';

/**
 * Reminders are swept from Postgres every second here (REMINDER_SWEEP_SECONDS=1): people going get
 * the nearest reminder that is due, once, even across a restart; their own settings apply; people
 * who only might come, or are waiting for a place, get none.
 */
const env = { REMINDER_SWEEP_SECONDS: '1' };
let api: TestApi;
let restarted: TestApi | null = null;
let staff: RegisteredUser;
/** Public events are an organisation's: staff is the admin of this one. */
let org: { id: string };

beforeAll(async () => {
  api = await startApi({ env });
  staff = await registerUser(api.url);
  org = await createOrganization(staff);
});
afterAll(async () => {
  await restarted?.stop();
  await api?.stop();
});

const MINUTE = 60_000;
type Note = { kind: string; data: { eventId: string; minutesBefore: number; occurrence: string; startsAt: string; timezone: string } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventIn(minutes: number, extra: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + minutes * MINUTE);
  const res = await staff.agent.post('/api/events').send({
    title: `In ${minutes} minutes`, kind: 'community', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 60 * MINUTE).toISOString(), timezone: 'Europe/Copenhagen', organizationId: org.id, ...extra,
  }).expect(201);
  return res.body as { id: string; startsAt: string };
}
/** Reminders for one event, read through a session on whichever API process is running. */
async function reminders(url: string, who: RegisteredUser, eventId: string): Promise<Note[]> {
  const res = await request(url).get('/api/me/notifications').set('Cookie', who.cookie).expect(200);
  return (res.body.items as Note[]).filter((n) => n.kind === 'event.reminder' && n.data.eventId === eventId);
}
async function waitFor(check: () => Promise<boolean>, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error('timed out');
}

describe('reminders', () => {
  let soon: { id: string; startsAt: string };
  let sooner: { id: string; startsAt: string };
  let later: { id: string };
  let called: { id: string };
  let going: RegisteredUser;
  let maybe: RegisteredUser;
  let waiting: RegisteredUser;
  let ownSettings: RegisteredUser;
  let defaults: RegisteredUser;
  let cancelledGoer: RegisteredUser;

  beforeAll(async () => {
    [going, maybe, waiting, ownSettings, defaults, cancelledGoer] = await Promise.all(Array.from({ length: 6 }, () => registerUser(api.url)));
    // Settings first, so no sweep ever sees the defaults for this person.
    expect((await ownSettings.agent.get('/api/me/reminders').expect(200)).body).toEqual({ minutesBefore: [1440, 60] });
    expect((await ownSettings.agent.put('/api/me/reminders').send({ minutesBefore: [30] }).expect(200)).body).toEqual({ minutesBefore: [30] });

    soon = await eventIn(50, { capacity: 1 });
    sooner = await eventIn(20);
    later = await eventIn(50);
    called = await eventIn(45);
    await going.agent.post(`/api/events/${soon.id}/rsvp`).send({ status: 'going' }).expect(200);
    await maybe.agent.post(`/api/events/${soon.id}/rsvp`).send({ status: 'maybe' }).expect(200);
    expect((await waiting.agent.post(`/api/events/${soon.id}/rsvp`).send({ status: 'going' }).expect(200)).body.status).toBe('waitlisted');
    await ownSettings.agent.post(`/api/events/${later.id}/rsvp`).send({ status: 'going' }).expect(200);
    await ownSettings.agent.post(`/api/events/${sooner.id}/rsvp`).send({ status: 'going' }).expect(200);
    await defaults.agent.post(`/api/events/${sooner.id}/rsvp`).send({ status: 'going' }).expect(200);
    await staff.agent.post(`/api/events/${called.id}/cancel`).send({}).expect(200);
    // (Cancelled events take no answers; an answer given before the cancellation must not be reminded.)
    await api.sql(`INSERT INTO event_rsvps (event_id, occurrence, user_id, status) SELECT id, starts_at, $2, 'going' FROM events WHERE id = $1`, [called.id, cancelledGoer.user.id]);
  });

  it('someone going to an event in 50 minutes gets exactly one reminder: the hour-before one', async () => {
    await waitFor(async () => (await reminders(api.url, going, soon.id)).length > 0);
    // A few more sweeps must not add the day-before one, nor repeat the hour-before one.
    await sleep(2_500);
    const notes = await reminders(api.url, going, soon.id);
    expect(notes).toHaveLength(1);
    expect(notes[0].data).toMatchObject({ eventId: soon.id, minutesBefore: 60, startsAt: soon.startsAt, occurrence: soon.startsAt, timezone: 'Europe/Copenhagen' });
  });

  it('"maybe" and waitlisted people get none; nor do people going to a cancelled event', async () => {
    expect(await reminders(api.url, maybe, soon.id)).toEqual([]);
    expect(await reminders(api.url, waiting, soon.id)).toEqual([]);
    expect(await reminders(api.url, cancelledGoer, called.id)).toEqual([]);
  });

  it('a person\'s own setting applies: [30] means nothing 50 minutes before and one reminder 20 minutes before', async () => {
    await waitFor(async () => (await reminders(api.url, ownSettings, sooner.id)).length > 0 && (await reminders(api.url, defaults, sooner.id)).length > 0);
    await sleep(1_500);
    expect((await reminders(api.url, ownSettings, sooner.id)).map((n) => n.data.minutesBefore)).toEqual([30]);
    expect((await reminders(api.url, defaults, sooner.id)).map((n) => n.data.minutesBefore)).toEqual([60]);
    expect(await reminders(api.url, ownSettings, later.id)).toEqual([]);
  });

  it('after a restart on the same database, still exactly one of each', async () => {
    await api.kill('SIGTERM');
    restarted = await startApi({ database: api.database, env });
    // Give the new process several sweeps.
    await sleep(3_500);
    expect((await reminders(restarted.url, going, soon.id)).map((n) => n.data.minutesBefore)).toEqual([60]);
    expect((await reminders(restarted.url, ownSettings, sooner.id)).map((n) => n.data.minutesBefore)).toEqual([30]);
    expect((await reminders(restarted.url, defaults, sooner.id)).map((n) => n.data.minutesBefore)).toEqual([60]);
    expect(await reminders(restarted.url, maybe, soon.id)).toEqual([]);
    expect(await reminders(restarted.url, waiting, soon.id)).toEqual([]);
    const rows = await restarted.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'event.reminder'`);
    expect(rows[0].n).toBe(3);
  });

  it('settings are validated: 422 and unchanged', async () => {
    const url = restarted?.url ?? api.url;
    for (const body of [{ minutesBefore: [1] }, { minutesBefore: [30, 60, 90, 120, 240] }, { minutesBefore: [1.5] }, { minutesBefore: 30 }, {}]) {
      const problem = expectProblem(await request(url).put('/api/me/reminders').set('Cookie', ownSettings.cookie).send(body), 422, 'VALIDATION_FAILED');
      expect(problem.errors?.length).toBeGreaterThan(0);
      for (const e of problem.errors ?? []) {
        expect(e.path).toMatch(/^minutesBefore(\.\d+)?$/);
        expect(e.message).not.toMatch(/^validation\./);
      }
    }
    expect((await request(url).get('/api/me/reminders').set('Cookie', ownSettings.cookie).expect(200)).body).toEqual({ minutesBefore: [30] });
    expectProblem(await request(url).get('/api/me/reminders'), 401, 'UNAUTHENTICATED');
    // No reminders at all is a choice too.
    expect((await request(url).put('/api/me/reminders').set('Cookie', ownSettings.cookie).send({ minutesBefore: [] }).expect(200)).body).toEqual({ minutesBefore: [] });
  });
});
