import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Capacity and the waitlist when many people answer at once: exactly `capacity` people are going,
 * everyone else waits in a distinct place, and a freed place goes to the first in line at once.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const DAY = 86_400_000;
const future = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * 3_600_000);
const window = { from: future(-1).toISOString(), to: future(60).toISOString() };

interface Occ { eventId: string; occurrence: string; goingCount: number; waitlistCount: number; myStatus: string | null; myWaitlistPosition: number | null; capacity: number | null }

async function occurrencesOf(who: RegisteredUser, eventId: string): Promise<Occ[]> {
  const res = await who.agent.get('/api/events').query(window).expect(200);
  return (res.body.items as Occ[]).filter((o) => o.eventId === eventId);
}
const rsvp = (who: RegisteredUser, eventId: string, status: string, occurrence?: string) =>
  who.agent.post(`/api/events/${eventId}/rsvp`).send({ status, ...(occurrence && { occurrence }) });
const notifications = async (who: RegisteredUser) =>
  (await who.agent.get('/api/me/notifications').expect(200)).body.items as { kind: string; data: Record<string, unknown> }[];

/** Twenty people answer "going" at the same moment. */
async function race(people: RegisteredUser[], eventId: string, occurrence?: string) {
  const answers = await Promise.all(people.map((p) => rsvp(p, eventId, 'going', occurrence)));
  for (const a of answers) expect(a.status).toBe(200);
  return answers.map((a, i) => ({ who: people[i], ...(a.body as { status: string; position?: number }) }));
}

describe('a space event with one place left', () => {
  let host: RegisteredUser;
  let people: RegisteredUser[];
  let eventId: string;
  let answers: Awaited<ReturnType<typeof race>>;

  beforeAll(async () => {
    host = await registerUser(api.url);
    const space = (await host.agent.post('/api/spaces').send({ name: 'Waitlist space', description: 'Peer support', visibility: 'public' }).expect(201)).body;
    people = await Promise.all(Array.from({ length: 20 }, () => registerUser(api.url)));
    await Promise.all(people.map((p) => p.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200)));
    const start = future(10);
    const ev = await host.agent.post('/api/events').send({
      title: 'Small circle', kind: 'mentor_meeting', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      timezone: 'Europe/Budapest', capacity: 1, spaceId: space.id, location: { name: 'Café', url: 'https://meet.example.org/circle' },
    }).expect(201);
    eventId = ev.body.id;
    answers = await race(people, eventId);
  });

  it('exactly one person is going; nineteen wait in places 1..19, each place once', async () => {
    const going = answers.filter((a) => a.status === 'going');
    const waiting = answers.filter((a) => a.status === 'waitlisted');
    expect(going).toHaveLength(1);
    expect(going[0].position).toBeUndefined();
    expect(waiting).toHaveLength(19);
    expect(waiting.map((a) => a.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    // What each person sees afterwards agrees with what they were told.
    for (const a of answers) {
      const [occ] = await occurrencesOf(a.who, eventId);
      expect({ status: occ.myStatus, position: occ.myWaitlistPosition }).toEqual({ status: a.status, position: a.position ?? null });
    }
    const rows = await api.sql<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM event_rsvps WHERE event_id = $1 GROUP BY status ORDER BY status`, [eventId]);
    expect(rows).toEqual([{ status: 'going', n: 1 }, { status: 'waitlisted', n: 19 }]);
  });

  it('the host sees who is coming; others get 403 and only counts', async () => {
    const list = (await host.agent.get(`/api/events/${eventId}/attendees`).expect(200)).body.items as { user: { id: string; username: string }; status: string }[];
    expect(list).toHaveLength(20);
    expect(list[0].status).toBe('going');
    expect(list.slice(1).every((r) => r.status === 'waitlisted')).toBe(true);
    expect(new Set(list.map((r) => r.user.id))).toEqual(new Set(people.map((p) => p.user.id)));
    // With an explicit occurrence (a one-off event's only one), the same list.
    const [occ] = await occurrencesOf(host, eventId);
    expect((await host.agent.get(`/api/events/${eventId}/attendees`).query({ occurrence: occ.occurrence }).expect(200)).body.items).toHaveLength(20);

    const member = answers.find((a) => a.status === 'going')!.who;
    expectProblem(await member.agent.get(`/api/events/${eventId}/attendees`), 403, 'FORBIDDEN');
    expectProblem(await request(api.url).get(`/api/events/${eventId}/attendees`), 401, 'UNAUTHENTICATED');
    const [seen] = await occurrencesOf(member, eventId);
    expect(seen).toMatchObject({ capacity: 1, goingCount: 1, waitlistCount: 19 });
    expect(seen).not.toHaveProperty('attendees');
  });

  it('re-answering "going" while waiting keeps the place', async () => {
    const third = answers.find((a) => a.position === 3)!;
    expect((await rsvp(third.who, eventId, 'going').expect(200)).body).toEqual({ status: 'waitlisted', position: 3 });
    expect((await occurrencesOf(third.who, eventId))[0]).toMatchObject({ myStatus: 'waitlisted', myWaitlistPosition: 3 });
  });

  it('when the person going declines, the first in line is going at once and is told', async () => {
    const leaver = answers.find((a) => a.status === 'going')!.who;
    const first = answers.find((a) => a.position === 1)!.who;
    const second = answers.find((a) => a.position === 2)!.who;
    expect((await rsvp(leaver, eventId, 'declined').expect(200)).body).toEqual({ status: 'declined' });

    expect((await occurrencesOf(first, eventId))[0]).toMatchObject({ myStatus: 'going', myWaitlistPosition: null, goingCount: 1, waitlistCount: 18 });
    expect((await occurrencesOf(second, eventId))[0]).toMatchObject({ myStatus: 'waitlisted', myWaitlistPosition: 1 });
    expect((await occurrencesOf(leaver, eventId))[0]).toMatchObject({ myStatus: 'declined', myWaitlistPosition: null });
    expect((await notifications(first)).filter((n) => n.kind === 'event.promoted')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ eventId, title: 'Small circle' }) }),
    ]);
    expect((await notifications(second)).some((n) => n.kind === 'event.promoted')).toBe(false);
    // The online link is now theirs to see, and not the leaver's any more.
    expect((await first.agent.get(`/api/events/${eventId}`).expect(200)).body.location.url).toBe('https://meet.example.org/circle');
    expect((await leaver.agent.get(`/api/events/${eventId}`).expect(200)).body.location.url).toBeNull();
    // Declined people are not on the host's list.
    const list = (await host.agent.get(`/api/events/${eventId}/attendees`).expect(200)).body.items as { user: { id: string }; status: string }[];
    expect(list.find((r) => r.user.id === leaver.user.id)).toBeUndefined();
    expect(list[0]).toMatchObject({ user: { id: first.user.id }, status: 'going' });
  });

  it('coming back after declining joins the end of the line', async () => {
    const leaver = people.find((p) => answers.find((a) => a.who === p)!.status === 'going')!;
    expect((await rsvp(leaver, eventId, 'going').expect(200)).body).toEqual({ status: 'waitlisted', position: 19 });
  });

  it('"maybe" and "declined" from the waitlist give up the place; nobody is promoted', async () => {
    const waiting = answers.find((a) => a.position === 5)!.who;
    const goingBefore = (await occurrencesOf(host, eventId))[0].goingCount;
    expect((await rsvp(waiting, eventId, 'maybe').expect(200)).body).toEqual({ status: 'maybe' });
    expect((await occurrencesOf(waiting, eventId))[0]).toMatchObject({ myStatus: 'maybe', myWaitlistPosition: null, goingCount: goingBefore });
    const list = (await host.agent.get(`/api/events/${eventId}/attendees`).expect(200)).body.items as { user: { id: string }; status: string }[];
    expect(list.find((r) => r.user.id === waiting.user.id)?.status).toBe('maybe');
    expect((await rsvp(waiting, eventId, 'declined').expect(200)).body).toEqual({ status: 'declined' });
    expect((await occurrencesOf(host, eventId))[0]).toMatchObject({ goingCount: 1, waitlistCount: 18 });
  });
});

describe('a recurring public event with three places per occurrence', () => {
  it('twenty race: three going, seventeen waiting in places 1..17; other occurrences are untouched', async () => {
    const staff = await registerUser(api.url);
    const org = await createOrganization(staff);
    const people = await Promise.all(Array.from({ length: 20 }, () => registerUser(api.url)));
    const start = future(3);
    const ev = (await staff.agent.post('/api/events').send({
      title: 'Weekly training', kind: 'training', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
      timezone: 'Europe/Ljubljana', rrule: 'FREQ=WEEKLY;COUNT=3', capacity: 3, organizationId: org.id,
    }).expect(201)).body;
    const occs = await occurrencesOf(staff, ev.id);
    expect(occs).toHaveLength(3);
    // A recurring event needs the occurrence.
    expectProblem(await rsvp(people[0], ev.id, 'going'), 422, 'VALIDATION_FAILED');

    const answers = await race(people, ev.id, occs[1].occurrence);
    expect(answers.filter((a) => a.status === 'going')).toHaveLength(3);
    const waiting = answers.filter((a) => a.status === 'waitlisted');
    expect(waiting.map((a) => a.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const a of waiting) expect((await occurrencesOf(a.who, ev.id))[1].myWaitlistPosition).toBe(a.position);

    const counts = (await occurrencesOf(people[0], ev.id)).map((o) => [o.goingCount, o.waitlistCount]);
    expect(counts).toEqual([[0, 0], [3, 17], [0, 0]]);
    const attendees = (await staff.agent.get(`/api/events/${ev.id}/attendees`).query({ occurrence: occs[1].occurrence }).expect(200)).body.items as { status: string }[];
    expect(attendees.map((r) => r.status)).toEqual([...Array(3).fill('going'), ...Array(17).fill('waitlisted')]);
    expect((await staff.agent.get(`/api/events/${ev.id}/attendees`).query({ occurrence: occs[0].occurrence }).expect(200)).body.items).toEqual([]);
    expectProblem(await people[0].agent.get(`/api/events/${ev.id}/attendees`).query({ occurrence: occs[1].occurrence }), 403, 'FORBIDDEN');

    // Two of the three going decline at once: the first two in line are promoted, nobody else.
    const goers = answers.filter((a) => a.status === 'going').map((a) => a.who);
    await Promise.all(goers.slice(0, 2).map((g) => rsvp(g, ev.id, 'declined', occs[1].occurrence).expect(200)));
    const first = waiting.find((a) => a.position === 1)!.who;
    const second = waiting.find((a) => a.position === 2)!.who;
    const third = waiting.find((a) => a.position === 3)!.who;
    expect((await occurrencesOf(first, ev.id))[1]).toMatchObject({ myStatus: 'going', goingCount: 3, waitlistCount: 15 });
    expect((await occurrencesOf(second, ev.id))[1]).toMatchObject({ myStatus: 'going' });
    expect((await occurrencesOf(third, ev.id))[1]).toMatchObject({ myStatus: 'waitlisted', myWaitlistPosition: 1 });
    for (const p of [first, second]) expect((await notifications(p)).filter((n) => n.kind === 'event.promoted')).toHaveLength(1);
    expect((await notifications(third)).some((n) => n.kind === 'event.promoted')).toBe(false);
  });
});
