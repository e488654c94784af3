/**
 * Someone who leaves a space, or is removed from it, stops hearing it: their RSVPs to its events
 * end (a place they held goes to the person waiting), and news about its events — changes,
 * cancellations, reminders — reaches only people who may read the space at the moment it is sent.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

const MINUTE = 60_000;
let api: TestApi;
let host: RegisteredUser;

beforeAll(async () => {
  api = await startApi({ env: { REMINDER_SWEEP_SECONDS: '1' } });
  host = await registerUser(api.url);
});
afterAll(() => api?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function privateSpaceWith(...members: RegisteredUser[]): Promise<Json> {
  const s = (await host.agent.post('/api/spaces').send({ name: `Circle ${crypto.randomUUID().slice(0, 8)}`, description: 'Peers', visibility: 'private' }).expect(201)).body;
  for (const who of members) {
    await who.agent.post(`/api/spaces/${s.id}/join`).send({ acceptGuidelines: true }).expect(200);
    const request = (await host.agent.get(`/api/spaces/${s.id}/requests`).expect(200)).body.items.find((r: Json) => r.user.id === who.user.id);
    await host.agent.post(`/api/spaces/${s.id}/requests/${request.id}/approve`).expect(204);
  }
  return s;
}
async function eventIn(spaceId: string, minutes: number, extra: Json = {}): Promise<Json> {
  const start = new Date(Date.now() + minutes * MINUTE);
  return (await host.agent.post('/api/events').send({
    title: 'Private circle evening', kind: 'mentor_meeting', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 60 * MINUTE).toISOString(),
    timezone: 'Europe/Budapest', spaceId, ...extra,
  }).expect(201)).body;
}
const notes = async (who: RegisteredUser, eventId: string) =>
  ((await who.agent.get('/api/me/notifications').expect(200)).body.items as Json[]).filter((n) => n.data?.eventId === eventId).map((n) => n.kind);
const rsvpsOf = async (eventId: string, userId: string) =>
  api.sql<{ status: string }>('SELECT status FROM event_rsvps WHERE event_id = $1 AND user_id = $2', [eventId, userId]);

describe('leaving or being removed ends RSVPs', () => {
  it('removed: their place goes to the person waiting, and they hear nothing more of the event', async () => {
    const [removed, waiting] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await privateSpaceWith(removed, waiting);
    const ev = await eventIn(s.id, 3 * 24 * 60, { capacity: 1 });
    expect((await removed.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going' }).expect(200)).body.status).toBe('going');
    expect((await waiting.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going' }).expect(200)).body.status).toBe('waitlisted');

    await host.agent.delete(`/api/spaces/${s.id}/members/${removed.user.id}`).expect(204);
    expect(await rsvpsOf(ev.id, removed.user.id)).toEqual([]);
    expect(await rsvpsOf(ev.id, waiting.user.id)).toEqual([{ status: 'going' }]);
    expect(await notes(waiting, ev.id)).toContain('event.promoted');

    await host.agent.patch(`/api/events/${ev.id}`).send({ title: 'Moved to the back room' }).expect(200);
    await host.agent.post(`/api/events/${ev.id}/cancel`).send({ message: 'Cancelled: the host is ill' }).expect(200);
    expect(await notes(removed, ev.id)).toEqual([]);
    expect(await notes(waiting, ev.id)).toEqual(expect.arrayContaining(['event.promoted', 'event.changed', 'event.cancelled']));
  });

  it('left: the same, for every occurrence they answered', async () => {
    const [leaver, stayer] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await privateSpaceWith(leaver, stayer);
    const ev = await eventIn(s.id, 3 * 24 * 60, { rrule: 'FREQ=WEEKLY;COUNT=3' });
    const occurrences = (await host.agent.get('/api/events').query({ spaceId: s.id, from: new Date().toISOString(), to: new Date(Date.now() + 30 * 24 * 60 * MINUTE).toISOString() }).expect(200)).body.items;
    for (const o of occurrences) await leaver.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: o.occurrence ?? o.startsAt }).expect(200);
    expect(await rsvpsOf(ev.id, leaver.user.id)).toHaveLength(3);
    await leaver.agent.post(`/api/spaces/${s.id}/leave`).expect(204);
    expect(await rsvpsOf(ev.id, leaver.user.id)).toEqual([]);
  });
});

describe('news about a space reaches only its readers at the moment it is sent', () => {
  it('an answer left behind (written straight to the database) brings no change, cancellation or reminder', async () => {
    const [member, outsider] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await privateSpaceWith(member);
    // Starts in 30 minutes: the one-hour reminder is due at the next sweep.
    const ev = await eventIn(s.id, 30);
    await member.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going' }).expect(200);
    await api.sql(`INSERT INTO event_rsvps (event_id, occurrence, user_id, status) SELECT event_id, occurrence, $2, 'going' FROM event_rsvps WHERE event_id = $1`, [ev.id, outsider.user.id]);

    const deadline = Date.now() + 8_000;
    while (!(await notes(member, ev.id)).includes('event.reminder') && Date.now() < deadline) await sleep(200);
    expect(await notes(member, ev.id)).toContain('event.reminder');
    await sleep(1_500); // another sweep or two
    await host.agent.patch(`/api/events/${ev.id}`).send({ title: 'Now at the library' }).expect(200);
    await host.agent.post(`/api/events/${ev.id}/cancel`).send({ message: 'Sorry, cancelled' }).expect(200);

    expect(await notes(outsider, ev.id)).toEqual([]);
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [outsider.user.id]);
    expect(n).toBe(0);
    expect(await notes(member, ev.id)).toEqual(expect.arrayContaining(['event.reminder', 'event.changed', 'event.cancelled']));
  });
});
