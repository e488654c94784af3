import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Recurring events through the API: wall-clock times survive daylight-saving changes in the zones
 * Sorstárs serves, rules with INTERVAL, BYDAY ordinals, UNTIL and COUNT expand as RFC 5545 says,
 * and one occurrence can be cancelled or moved without touching the rest.
 */
let api: TestApi;
let staff: RegisteredUser;
let attendee: RegisteredUser;
/** Public events are an organisation's: staff is the admin of this one. */
let org: { id: string };

beforeAll(async () => {
  api = await startApi();
  [staff, attendee] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
  org = await createOrganization(staff);
});
afterAll(() => api?.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function parts(at: Date | number | string, zone: string) {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  return Object.fromEntries(fmt.formatToParts(new Date(at)).map((p) => [p.type, p.value])) as Record<string, string>;
}
/** "Tue 18:00" in the zone. */
const wall = (iso: string, zone: string) => { const p = parts(iso, zone); return `${p.weekday} ${p.hour}:${p.minute}`; };
/** "2027-03-30" in the zone. */
const localDate = (iso: string, zone: string) => { const p = parts(iso, zone); return `${p.year}-${p.month}-${p.day}`; };
const offsetMs = (at: number, zone: string) => {
  const p = parts(at, zone);
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - at;
};
/** A local wall time ("2027-03-16T18:00") in a zone, as ISO 8601 with that zone's offset then. */
function zoned(local: string, zone: string): string {
  const [d, t] = local.split('T');
  const [y, m, day] = d.split('-').map(Number);
  const [h, min] = t.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, day, h, min);
  const offset = offsetMs(guess - offsetMs(guess, zone), zone);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset) / 60_000;
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

interface Occ { eventId: string; occurrence: string; startsAt: string; endsAt: string; timezone: string; cancelled: boolean; moved: boolean; myStatus: string | null; goingCount: number; cancelMessage: string | null }

async function create(body: Record<string, unknown>) {
  const res = await staff.agent.post('/api/events').send({ title: 'Weekly dinner', kind: 'community', organizationId: org.id, ...body });
  if (res.status !== 201) throw new Error(`create event answered ${res.status}: ${res.text}`);
  return res.body as { id: string; rrule: string | null; startsAt: string; timezone: string };
}
async function occurrences(who: RegisteredUser | null, eventId: string, from: string, to: string): Promise<Occ[]> {
  const res = await (who ? who.agent : request(api.url)).get('/api/events').query({ from, to });
  expect(res.status).toBe(200);
  return (res.body.items as Occ[]).filter((o) => o.eventId === eventId);
}

describe('weekly events across daylight-saving changes (2027)', () => {
  // Standard-time offsets; in 2027 summer time starts on 28 March and ends on 31 October.
  const zones: [string, number][] = [
    ['Europe/Copenhagen', 1],
    ['Europe/Budapest', 1],
    ['Europe/Belgrade', 1],
    ['Europe/Ljubljana', 1],
    ['Europe/Helsinki', 2],
  ];

  it.each(zones)('%s: 18:00 local stays 18:00 in spring and autumn while UTC moves by an hour', async (zone, std) => {
    const spring = await create({ title: `Dinner ${zone}`, startsAt: zoned('2027-03-16T18:00', zone), endsAt: zoned('2027-03-16T20:00', zone), timezone: zone, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' });
    const inSpring = await occurrences(attendee, spring.id, '2027-03-10T00:00:00Z', '2027-04-30T00:00:00Z');
    expect(inSpring.map((o) => localDate(o.startsAt, zone))).toEqual(['2027-03-16', '2027-03-23', '2027-03-30', '2027-04-06']);
    expect(inSpring.map((o) => wall(o.startsAt, zone))).toEqual(Array(4).fill('Tue 18:00'));
    expect(inSpring.map((o) => wall(o.endsAt, zone))).toEqual(Array(4).fill('Tue 20:00'));
    expect(inSpring.map((o) => new Date(o.startsAt).getUTCHours())).toEqual([18 - std, 18 - std, 17 - std, 17 - std]);
    expect(new Date(inSpring[2].startsAt).getTime() - new Date(inSpring[1].startsAt).getTime()).toBe(7 * DAY - HOUR);
    expect(inSpring.every((o) => o.timezone === zone && !o.cancelled && !o.moved && o.occurrence === o.startsAt)).toBe(true);

    const autumn = await create({ title: `Autumn ${zone}`, startsAt: zoned('2027-10-19T18:00', zone), endsAt: zoned('2027-10-19T19:30', zone), timezone: zone, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' });
    const inAutumn = await occurrences(attendee, autumn.id, '2027-10-01T00:00:00Z', '2027-12-01T00:00:00Z');
    expect(inAutumn.map((o) => localDate(o.startsAt, zone))).toEqual(['2027-10-19', '2027-10-26', '2027-11-02', '2027-11-09']);
    expect(inAutumn.map((o) => wall(o.startsAt, zone))).toEqual(Array(4).fill('Tue 18:00'));
    expect(inAutumn.map((o) => new Date(o.startsAt).getUTCHours())).toEqual([17 - std, 17 - std, 18 - std, 18 - std]);
    expect(new Date(inAutumn[2].startsAt).getTime() - new Date(inAutumn[1].startsAt).getTime()).toBe(7 * DAY + HOUR);
    expect(inAutumn.every((o) => new Date(o.endsAt).getTime() - new Date(o.startsAt).getTime() === 1.5 * HOUR)).toBe(true);

    // An answer for the first Tuesday after the change is kept for that occurrence only.
    const target = inSpring[2];
    expect((await attendee.agent.post(`/api/events/${spring.id}/rsvp`).send({ status: 'going', occurrence: target.occurrence }).expect(200)).body).toEqual({ status: 'going' });
    const after = await occurrences(attendee, spring.id, '2027-03-10T00:00:00Z', '2027-04-30T00:00:00Z');
    expect(after.map((o) => o.myStatus)).toEqual([null, null, 'going', null]);
    expect(after.map((o) => o.goingCount)).toEqual([0, 0, 1, 0]);
    // The same occurrence written with the local offset is the same occurrence.
    const sameInLocal = zoned('2027-03-30T18:00', zone);
    expect((await attendee.agent.post(`/api/events/${spring.id}/rsvp`).send({ status: 'maybe', occurrence: sameInLocal }).expect(200)).body).toEqual({ status: 'maybe' });
    expect((await occurrences(attendee, spring.id, '2027-03-29T00:00:00Z', '2027-03-31T00:00:00Z')).map((o) => o.myStatus)).toEqual(['maybe']);
    // The hour that would have been right in winter is not an occurrence.
    expectProblem(await attendee.agent.post(`/api/events/${spring.id}/rsvp`).send({ status: 'going', occurrence: plus(target.occurrence, HOUR) }), 422, 'OCCURRENCE_NOT_FOUND');
  });

  it('a daily 08:30 meeting keeps its wall time through the night the clocks go back', async () => {
    const zone = 'Europe/Budapest';
    const ev = await create({ startsAt: zoned('2027-10-29T08:30', zone), endsAt: zoned('2027-10-29T09:00', zone), timezone: zone, rrule: 'FREQ=DAILY;COUNT=5' });
    const list = await occurrences(null, ev.id, '2027-10-28T00:00:00Z', '2027-11-05T00:00:00Z');
    expect(list.map((o) => `${localDate(o.startsAt, zone)} ${wall(o.startsAt, zone)}`)).toEqual([
      '2027-10-29 Fri 08:30', '2027-10-30 Sat 08:30', '2027-10-31 Sun 08:30', '2027-11-01 Mon 08:30', '2027-11-02 Tue 08:30',
    ]);
    expect(new Date(list[2].startsAt).getTime() - new Date(list[1].startsAt).getTime()).toBe(25 * HOUR);
  });
});

describe('rules', () => {
  const zone = 'Europe/Copenhagen';

  it('every other week', async () => {
    const ev = await create({ startsAt: zoned('2027-03-01T17:00', zone), endsAt: zoned('2027-03-01T18:00', zone), timezone: zone, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO' });
    const list = await occurrences(attendee, ev.id, '2027-02-20T00:00:00Z', '2027-05-01T00:00:00Z');
    expect(list.map((o) => localDate(o.startsAt, zone))).toEqual(['2027-03-01', '2027-03-15', '2027-03-29', '2027-04-12', '2027-04-26']);
    expect(list.map((o) => wall(o.startsAt, zone))).toEqual(Array(5).fill('Mon 17:00'));
    // A week in between is not an occurrence.
    expectProblem(await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: zoned('2027-03-08T17:00', zone) }), 422, 'OCCURRENCE_NOT_FOUND');
  });

  it('the first Monday of the month, across the spring change', async () => {
    const ev = await create({ startsAt: zoned('2027-02-01T19:00', zone), endsAt: zoned('2027-02-01T21:00', zone), timezone: zone, rrule: 'RRULE:FREQ=MONTHLY;BYDAY=1MO' });
    expect(ev.rrule).toBe('FREQ=MONTHLY;BYDAY=+1MO');
    const list = await occurrences(attendee, ev.id, '2027-01-15T00:00:00Z', '2027-07-01T00:00:00Z');
    expect(list.map((o) => localDate(o.startsAt, zone))).toEqual(['2027-02-01', '2027-03-01', '2027-04-05', '2027-05-03', '2027-06-07']);
    expect(list.map((o) => wall(o.startsAt, zone))).toEqual(Array(5).fill('Mon 19:00'));
    expect(list.map((o) => new Date(o.startsAt).getUTCHours())).toEqual([18, 18, 17, 17, 17]);
  });

  it('UNTIL stops the series (the UNTIL instant itself included)', async () => {
    const ev = await create({ startsAt: zoned('2027-04-06T18:00', zone), endsAt: zoned('2027-04-06T19:00', zone), timezone: zone, rrule: 'FREQ=WEEKLY;UNTIL=20270420T160000Z' });
    const list = await occurrences(attendee, ev.id, '2027-04-01T00:00:00Z', '2027-07-01T00:00:00Z');
    expect(list.map((o) => localDate(o.startsAt, zone))).toEqual(['2027-04-06', '2027-04-13', '2027-04-20']);
    expectProblem(await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: zoned('2027-04-27T18:00', zone) }), 422, 'OCCURRENCE_NOT_FOUND');
  });

  it('COUNT stops the series, however wide the window', async () => {
    const ev = await create({ startsAt: zoned('2027-05-04T10:00', zone), endsAt: zoned('2027-05-04T11:00', zone), timezone: zone, rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5' });
    const list = await occurrences(attendee, ev.id, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    expect(list.map((o) => `${localDate(o.startsAt, zone)} ${wall(o.startsAt, zone)}`)).toEqual([
      '2027-05-04 Tue 10:00', '2027-05-06 Thu 10:00', '2027-05-11 Tue 10:00', '2027-05-13 Thu 10:00', '2027-05-18 Tue 10:00',
    ]);
    // A window that starts in the middle of the series answers only the rest of it.
    expect((await occurrences(attendee, ev.id, '2027-05-12T00:00:00Z', '2027-06-01T00:00:00Z')).map((o) => localDate(o.startsAt, zone))).toEqual(['2027-05-13', '2027-05-18']);
  });
});

describe('exceptions to a series', () => {
  const zone = 'Europe/Helsinki';
  let ev: { id: string };
  let list: Occ[];
  const window = ['2027-03-01T00:00:00Z', '2027-04-30T00:00:00Z'] as const;

  beforeAll(async () => {
    ev = await create({ title: 'Peer group', startsAt: zoned('2027-03-11T17:30', zone), endsAt: zoned('2027-03-11T19:00', zone), timezone: zone, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=6' });
    list = await occurrences(staff, ev.id, ...window);
    expect(list.map((o) => localDate(o.startsAt, zone))).toEqual(['2027-03-11', '2027-03-18', '2027-03-25', '2027-04-01', '2027-04-08', '2027-04-15']);
  });

  it('a cancelled occurrence stays listed, marked, and takes no answers; the others still do', async () => {
    const cancelled = list[1];
    await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: cancelled.occurrence }).expect(200);
    await staff.agent.post(`/api/events/${ev.id}/cancel`).send({ occurrence: cancelled.occurrence, message: 'Room flooded' }).expect(200);

    const after = await occurrences(attendee, ev.id, ...window);
    expect(after).toHaveLength(6);
    expect(after.map((o) => o.cancelled)).toEqual([false, true, false, false, false, false]);
    expect(after[1]).toMatchObject({ occurrence: cancelled.occurrence, startsAt: cancelled.startsAt, cancelMessage: 'Room flooded' });
    expectProblem(await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: cancelled.occurrence }), 422, 'OCCURRENCE_CANCELLED');
    expectProblem(await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'maybe', occurrence: cancelled.occurrence }), 422, 'OCCURRENCE_CANCELLED');
    await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: list[2].occurrence }).expect(200);
    // The person who had said yes is told.
    const notes = (await attendee.agent.get('/api/me/notifications').expect(200)).body.items as { kind: string; data: Record<string, unknown> }[];
    expect(notes.filter((n) => n.kind === 'event.cancelled' && n.data.eventId === ev.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ occurrence: cancelled.occurrence, message: 'Room flooded' }) }),
    ]);
  });

  it('a moved occurrence is listed at its new time and keeps its answers', async () => {
    const original = list[3];
    await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: original.occurrence }).expect(200);
    // Thursday 17:30 → Friday 18:00 the next day.
    const startsAt = zoned('2027-04-02T18:00', zone);
    const endsAt = zoned('2027-04-02T19:30', zone);
    await staff.agent.post(`/api/events/${ev.id}/move`).send({ occurrence: original.occurrence, startsAt, endsAt }).expect(200);

    const after = await occurrences(attendee, ev.id, ...window);
    expect(after).toHaveLength(6);
    const moved = after.find((o) => o.occurrence === original.occurrence)!;
    expect(moved).toMatchObject({ moved: true, cancelled: false, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(), myStatus: 'going', goingCount: 1 });
    expect(wall(moved.startsAt, zone)).toBe('Fri 18:00');
    expect(after.filter((o) => o.moved)).toHaveLength(1);
    // The list is in time order with the moved one in its new place.
    expect(after.map((o) => o.startsAt)).toEqual([...after.map((o) => o.startsAt)].sort());
    // Hosts still see the person on the moved occurrence; answers still go to its original start.
    const attendees = (await staff.agent.get(`/api/events/${ev.id}/attendees`).query({ occurrence: original.occurrence }).expect(200)).body.items;
    expect(attendees).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: attendee.user.id }), status: 'going' })]);
    expect((await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'maybe', occurrence: original.occurrence }).expect(200)).body).toEqual({ status: 'maybe' });
    await attendee.agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going', occurrence: original.occurrence }).expect(200);
    const notes = (await attendee.agent.get('/api/me/notifications').expect(200)).body.items as { kind: string; data: Record<string, unknown> }[];
    expect(notes.some((n) => n.kind === 'event.moved' && n.data.occurrence === original.occurrence)).toBe(true);
  });

  it('an occurrence moved into another week shows in that week, not in its old one', async () => {
    const original = list[4]; // Thursday 8 April
    const startsAt = zoned('2027-04-13T12:00', zone); // Tuesday of the next week
    await staff.agent.post(`/api/events/${ev.id}/move`).send({ occurrence: original.occurrence, startsAt, endsAt: zoned('2027-04-13T13:00', zone) }).expect(200);
    const oldWeek = await occurrences(attendee, ev.id, '2027-04-05T00:00:00Z', '2027-04-12T00:00:00Z');
    expect(oldWeek.map((o) => o.occurrence)).not.toContain(original.occurrence);
    const newWeek = await occurrences(attendee, ev.id, '2027-04-12T00:00:00Z', '2027-04-19T00:00:00Z');
    expect(newWeek.map((o) => [o.occurrence, o.startsAt, o.moved])).toEqual([
      [original.occurrence, new Date(startsAt).toISOString(), true],
      [list[5].occurrence, list[5].startsAt, false],
    ]);
  });
});
