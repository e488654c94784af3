import ICAL from 'ical.js';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * iCalendar feeds read back with an independent parser (ical.js): stable UIDs, TZID + VTIMEZONE,
 * RRULE/EXDATE/RECURRENCE-ID that expand to what the API lists, and personal feeds behind a secret,
 * rotatable, revocable token that keeps the same rules of who sees what.
 */
let api: TestApi;
let staff: RegisteredUser;
/** Public events are an organisation's: staff is the admin of this one. */
let org: { id: string };
beforeAll(async () => {
  api = await startApi();
  staff = await registerUser(api.url);
  org = await createOrganization(staff);
});
afterAll(() => api?.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LINK = 'https://meet.example.org/room-42';

function parts(at: Date | number | string, zone: string) {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return Object.fromEntries(fmt.formatToParts(new Date(at)).map((p) => [p.type, p.value])) as Record<string, string>;
}
/** "2027-03-18 Thu 18:00" in the zone. */
const wall = (at: Date | string, zone: string) => { const p = parts(at, zone); return `${p.year}-${p.month}-${p.day} ${p.weekday} ${p.hour}:${p.minute}`; };
const offsetMs = (at: number, zone: string) => { const p = parts(at, zone); return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - at; };
/** A wall time in a zone as an ISO instant. */
function zoned(local: string, zone: string): string {
  const [d, t] = local.split('T');
  const [y, m, day] = d.split('-').map(Number);
  const [h, min] = t.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, day, h, min);
  return new Date(guess - offsetMs(guess - offsetMs(guess, zone), zone)).toISOString();
}

/** Parses a feed, registering its VTIMEZONEs first so times resolve through them. */
function parse(text: string) {
  ICAL.TimezoneService.reset();
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return cal;
}
const vevents = (cal: ICAL.Component) => cal.getAllSubcomponents('vevent');
const tzidOf = (c: ICAL.Component, prop: string) => c.getFirstProperty(prop)?.getParameter('tzid');

/** Every occurrence of the series in a feed, expanded by ical.js, as [UTC instant, status]. */
function expandFeed(cal: ICAL.Component, uid: string, until: Date) {
  const master = vevents(cal).find((v) => v.getFirstPropertyValue('uid') === uid && !v.hasProperty('recurrence-id'))!;
  const event = new ICAL.Event(master);
  const it = event.iterator();
  const out: { start: string; end: string; recurrenceId: string }[] = [];
  for (let next = it.next(); next && next.toJSDate() < until; next = it.next()) {
    const d = event.getOccurrenceDetails(next);
    out.push({ start: d.startDate.toJSDate().toISOString(), end: d.endDate.toJSDate().toISOString(), recurrenceId: d.recurrenceId.toJSDate().toISOString() });
  }
  return out;
}

interface Occ { eventId: string; occurrence: string; startsAt: string; endsAt: string; cancelled: boolean; moved: boolean }
const listed = async (who: RegisteredUser, eventId: string, from: string, to: string) =>
  ((await who.agent.get('/api/events').query({ from, to }).expect(200)).body.items as Occ[]).filter((o) => o.eventId === eventId);
const ics = async (agent: RegisteredUser['agent'] | ReturnType<typeof request>, path: string) => {
  const res = await (agent as RegisteredUser['agent']).get(path).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/calendar/);
  return res.text;
};

describe('one event as iCalendar', () => {
  const zone = 'Europe/Budapest';
  let ev: { id: string; uid: string };
  let occs: Occ[];
  const from = '2027-03-01T00:00:00Z';
  const to = '2027-06-01T00:00:00Z';

  beforeAll(async () => {
    ev = (await staff.agent.post('/api/events').send({
      title: 'Thursday circle', kind: 'community', startsAt: zoned('2027-03-18T18:00', zone), endsAt: zoned('2027-03-18T19:30', zone), timezone: zone,
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=6', location: { name: 'Community house', address: 'Király utca 1', url: LINK }, organizationId: org.id,
    }).expect(201)).body;
    occs = await listed(staff, ev.id, from, to);
    expect(occs).toHaveLength(6);
  });

  it('has the UID, DTSTART with TZID, a VTIMEZONE for that zone and the RRULE', async () => {
    expect(ev.uid).toBe(`${ev.id}@sorstars`);
    const cal = parse(await ics(request(api.url), `/api/events/${ev.id}.ics`));
    const [vevent] = vevents(cal);
    expect(vevents(cal)).toHaveLength(1);
    expect(vevent.getFirstPropertyValue('uid')).toBe(`${ev.id}@sorstars`);
    expect(vevent.getFirstPropertyValue('summary')).toBe('Thursday circle');
    expect(tzidOf(vevent, 'dtstart')).toBe(zone);
    expect(tzidOf(vevent, 'dtend')).toBe(zone);
    const dtstart = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect([dtstart.year, dtstart.month, dtstart.day, dtstart.hour, dtstart.minute]).toEqual([2027, 3, 18, 18, 0]);
    expect(dtstart.toJSDate().toISOString()).toBe(occs[0].startsAt);
    expect(cal.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual([zone]);
    const rrule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rrule.freq).toBe('WEEKLY');
    expect(rrule.count).toBe(6);
    expect(rrule.parts.BYDAY).toEqual(['TH']);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('location')).toBe('Community house, Király utca 1');
    // Nobody reading a shareable .ics gets the online link.
    expect(JSON.stringify(cal.toJSON())).not.toContain('room-42');
  });

  it('ical.js expanding the RRULE gives the same instants and local times as GET /api/events', async () => {
    const cal = parse(await ics(staff.agent, `/api/events/${ev.id}.ics`));
    const expanded = expandFeed(cal, `${ev.id}@sorstars`, new Date(to));
    expect(expanded.map((o) => o.start)).toEqual(occs.map((o) => o.startsAt));
    expect(expanded.map((o) => o.end)).toEqual(occs.map((o) => o.endsAt));
    expect(expanded.map((o) => wall(o.start, zone))).toEqual([
      '2027-03-18 Thu 18:00', '2027-03-25 Thu 18:00', '2027-04-01 Thu 18:00', '2027-04-08 Thu 18:00', '2027-04-15 Thu 18:00', '2027-04-22 Thu 18:00',
    ]);
  });

  it('keeps its UID across an edit', async () => {
    await staff.agent.patch(`/api/events/${ev.id}`).send({ title: 'Thursday circle (new room)' }).expect(200);
    const [vevent] = vevents(parse(await ics(staff.agent, `/api/events/${ev.id}.ics`)));
    expect(vevent.getFirstPropertyValue('uid')).toBe(`${ev.id}@sorstars`);
    expect(vevent.getFirstPropertyValue('summary')).toBe('Thursday circle (new room)');
    expect((await staff.agent.get(`/api/events/${ev.id}`).expect(200)).body.uid).toBe(`${ev.id}@sorstars`);
  });

  it('a cancelled occurrence is an EXDATE; a moved one a RECURRENCE-ID override; ical.js agrees with the API', async () => {
    await staff.agent.post(`/api/events/${ev.id}/cancel`).send({ occurrence: occs[1].occurrence }).expect(200);
    const movedTo = { startsAt: zoned('2027-04-09T10:00', zone), endsAt: zoned('2027-04-09T12:00', zone) };
    await staff.agent.post(`/api/events/${ev.id}/move`).send({ occurrence: occs[3].occurrence, ...movedTo }).expect(200);

    const cal = parse(await ics(staff.agent, `/api/events/${ev.id}.ics`));
    const all = vevents(cal);
    expect(all).toHaveLength(2);
    const master = all.find((v) => !v.hasProperty('recurrence-id'))!;
    const override = all.find((v) => v.hasProperty('recurrence-id'))!;

    const exdates = master.getAllProperties('exdate');
    expect(exdates).toHaveLength(1);
    expect(exdates[0].getParameter('tzid')).toBe(zone);
    expect((exdates[0].getFirstValue() as ICAL.Time).toJSDate().toISOString()).toBe(occs[1].occurrence);

    expect(override.getFirstPropertyValue('uid')).toBe(`${ev.id}@sorstars`);
    expect((override.getFirstPropertyValue('recurrence-id') as ICAL.Time).toJSDate().toISOString()).toBe(occs[3].occurrence);
    expect(tzidOf(override, 'recurrence-id')).toBe(zone);
    expect(tzidOf(override, 'dtstart')).toBe(zone);
    expect((override.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(movedTo.startsAt);

    const expanded = expandFeed(cal, `${ev.id}@sorstars`, new Date(to));
    const api = (await listed(staff, ev.id, from, to)).filter((o) => !o.cancelled);
    expect(expanded.map((o) => [o.recurrenceId, o.start, o.end])).toEqual(api.map((o) => [o.occurrence, o.startsAt, o.endsAt]));
    expect(expanded.map((o) => wall(o.start, zone))).toEqual(['2027-03-18 Thu 18:00', '2027-04-01 Thu 18:00', '2027-04-09 Fri 10:00', '2027-04-15 Thu 18:00', '2027-04-22 Thu 18:00']);
  });

  it('STATUS:CANCELLED once the whole event is cancelled', async () => {
    await staff.agent.post(`/api/events/${ev.id}/cancel`).send({ message: 'The house closed' }).expect(200);
    const all = vevents(parse(await ics(staff.agent, `/api/events/${ev.id}.ics`)));
    expect(all.map((v) => v.getFirstPropertyValue('status'))).toEqual(['CANCELLED', 'CANCELLED']);
    expect(all.every((v) => v.getFirstPropertyValue('uid') === `${ev.id}@sorstars`)).toBe(true);
  });

  it.each([
    ['Europe/Copenhagen', 'FREQ=WEEKLY;UNTIL=20270413T160000Z', '2027-03-23T18:00'],
    ['Europe/Helsinki', 'FREQ=MONTHLY;BYDAY=1MO;COUNT=4', '2027-02-01T09:00'],
    ['Europe/Ljubljana', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU', '2027-10-17T02:30'],
    ['Europe/Belgrade', 'FREQ=DAILY;COUNT=6', '2027-10-28T23:30'],
  ])('%s %s: ical.js and the API list the same occurrences', async (zone, rrule, local) => {
    const startsAt = zoned(local, zone);
    const created = (await staff.agent.post('/api/events').send({ title: 'Rule check', kind: 'other', startsAt, endsAt: new Date(new Date(startsAt).getTime() + HOUR).toISOString(), timezone: zone, rrule, organizationId: org.id }).expect(201)).body;
    const end = new Date(new Date(startsAt).getTime() + 120 * DAY);
    const fromApi = await listed(staff, created.id, new Date(new Date(startsAt).getTime() - DAY).toISOString(), end.toISOString());
    const fromFeed = expandFeed(parse(await ics(staff.agent, `/api/events/${created.id}.ics`)), `${created.id}@sorstars`, end);
    expect(fromFeed.length).toBeGreaterThanOrEqual(3);
    expect(fromFeed.map((o) => o.start)).toEqual(fromApi.map((o) => o.startsAt));
    expect(new Set(fromFeed.map((o) => wall(o.start, zone).slice(-5))).size).toBe(1);
  });
});

describe('the personal feed', () => {
  let me: RegisteredUser;
  let series: { id: string };
  let once: { id: string };
  let declined: { id: string };
  let full: { id: string };
  let seriesOccs: Occ[];
  let feed: { token: string; path: string };
  const zone = 'Europe/Copenhagen';

  beforeAll(async () => {
    me = await registerUser(api.url);
    const base = (title: string, startsAt: string, extra: Record<string, unknown> = {}) => ({
      title, kind: 'community', startsAt, endsAt: new Date(new Date(startsAt).getTime() + 2 * HOUR).toISOString(), timezone: zone, location: { url: LINK }, organizationId: org.id, ...extra,
    });
    series = (await staff.agent.post('/api/events').send(base('Weekly walk', zoned('2027-05-03T17:00', zone), { rrule: 'FREQ=WEEKLY;COUNT=4' })).expect(201)).body;
    once = (await staff.agent.post('/api/events').send(base('Maybe picnic', zoned('2027-05-08T12:00', zone))).expect(201)).body;
    declined = (await staff.agent.post('/api/events').send(base('Not for me', zoned('2027-05-09T12:00', zone))).expect(201)).body;
    full = (await staff.agent.post('/api/events').send(base('Full workshop', zoned('2027-05-10T12:00', zone), { capacity: 1 })).expect(201)).body;
    seriesOccs = await listed(me, series.id, '2027-05-01T00:00:00Z', '2027-06-01T00:00:00Z');
    await me.agent.post(`/api/events/${series.id}/rsvp`).send({ status: 'going', occurrence: seriesOccs[1].occurrence }).expect(200);
    await me.agent.post(`/api/events/${series.id}/rsvp`).send({ status: 'going', occurrence: seriesOccs[2].occurrence }).expect(200);
    await staff.agent.post(`/api/events/${series.id}/move`).send({ occurrence: seriesOccs[2].occurrence, startsAt: zoned('2027-05-18T18:00', zone), endsAt: zoned('2027-05-18T20:00', zone) }).expect(200);
    await me.agent.post(`/api/events/${once.id}/rsvp`).send({ status: 'maybe' }).expect(200);
    await me.agent.post(`/api/events/${declined.id}/rsvp`).send({ status: 'declined' }).expect(200);
    await staff.agent.post(`/api/events/${full.id}/rsvp`).send({ status: 'going' }).expect(200);
    expect((await me.agent.post(`/api/events/${full.id}/rsvp`).send({ status: 'going' }).expect(200)).body.status).toBe('waitlisted');
  });

  it('POST /api/me/calendar-feed answers a secret path that works without any cookie', async () => {
    expect((await me.agent.get('/api/me/calendar-feed').expect(200)).body).toEqual({ active: false });
    const res = await me.agent.post('/api/me/calendar-feed').expect(201);
    feed = res.body;
    expect(feed).toEqual({ token: expect.stringMatching(/^[\w-]{20,100}$/), path: `/api/calendar/${feed.token}.ics` });
    expect((await me.agent.get('/api/me/calendar-feed').expect(200)).body).toEqual({ active: true });
    // The token is stored hashed.
    expect(await api.sql(`SELECT 1 FROM calendar_feeds WHERE token_hash = $1`, [feed.token])).toEqual([]);

    const res2 = await request(api.url).get(feed.path).expect(200);
    expect(res2.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res2.headers['set-cookie']).toBeUndefined();
    const cal = parse(res2.text);
    const items = vevents(cal).map((v) => ({
      summary: v.getFirstPropertyValue('summary'),
      start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
      tzid: tzidOf(v, 'dtstart'),
      status: v.getFirstPropertyValue('status'),
      description: String(v.getFirstPropertyValue('description') ?? ''),
      uid: v.getFirstPropertyValue('uid') as string,
    })).sort((a, b) => a.start.localeCompare(b.start));
    expect(items.map(({ summary, start, tzid, status }) => ({ summary, start, tzid, status }))).toEqual([
      { summary: 'Maybe picnic', start: zoned('2027-05-08T12:00', zone), tzid: zone, status: 'TENTATIVE' },
      { summary: 'Weekly walk', start: seriesOccs[1].startsAt, tzid: zone, status: 'CONFIRMED' },
      // The moved occurrence, at its new time.
      { summary: 'Weekly walk', start: zoned('2027-05-18T18:00', zone), tzid: zone, status: 'CONFIRMED' },
    ]);
    expect(new Set(items.map((i) => i.uid)).size).toBe(3);
    expect(cal.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual([zone]);
    // The online link is for the occurrences the person is going to, not the ones they might attend.
    expect(items.filter((i) => i.status === 'CONFIRMED').every((i) => i.description.includes(LINK))).toBe(true);
    expect(items.find((i) => i.status === 'TENTATIVE')!.description).not.toContain(LINK);
    expect(res2.text).not.toContain('Not for me');
    expect(res2.text).not.toContain('Full workshop');
  });

  it('is not a credential for anything else', async () => {
    expectProblem(await request(api.url).get('/api/me').set('Authorization', `Bearer ${feed.token}`), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get('/api/events').query({ mine: 'true', token: feed.token }), 401, 'UNAUTHENTICATED');
  });

  it('rotating makes the old address 404 and the new one work; DELETE revokes', async () => {
    const old = feed;
    const rotated = (await me.agent.post('/api/me/calendar-feed').expect(201)).body as typeof feed;
    expect(rotated.token).not.toBe(old.token);
    expectProblem(await request(api.url).get(old.path), 404, 'FEED_NOT_FOUND');
    expect((await request(api.url).get(rotated.path).expect(200)).text).toContain('Weekly walk');

    await me.agent.delete('/api/me/calendar-feed').expect(204);
    expectProblem(await request(api.url).get(rotated.path), 404, 'FEED_NOT_FOUND');
    expect((await me.agent.get('/api/me/calendar-feed').expect(200)).body).toEqual({ active: false });
    expectProblem(await request(api.url).delete('/api/me/calendar-feed'), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).post('/api/me/calendar-feed'), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['a short token', 'abc'],
    ['a well-formed token nobody has', 'x'.repeat(43)],
    ['a token with odd characters', '..%2F..%2Fetc%2Fpasswd-aaaaaaaaaaaaaaaaaaaaaa'],
  ])('%s: 404 FEED_NOT_FOUND', async (_, token) => {
    expectProblem(await request(api.url).get(`/api/calendar/${token}.ics`), 404, 'FEED_NOT_FOUND');
  });
});

describe('a space feed with ?token=', () => {
  it('works for members, is refused for non-members, and stops with the token', async () => {
    const host = await registerUser(api.url);
    const [member, outsider] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const open = (await host.agent.post('/api/spaces').send({ name: 'Feed space', description: 'x', visibility: 'public' }).expect(201)).body;
    const hidden = (await host.agent.post('/api/spaces').send({ name: 'Hidden feed space', description: 'x', visibility: 'hidden' }).expect(201)).body;
    await member.agent.post(`/api/spaces/${open.id}/join`).send({}).expect(200);
    const start = new Date(Date.now() + 7 * DAY);
    const ev = (await host.agent.post('/api/events').send({ title: 'Space supper', kind: 'community', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString(), timezone: 'Europe/Helsinki', spaceId: open.id, location: { url: LINK } }).expect(201)).body;
    const secret = (await host.agent.post('/api/events').send({ title: 'Hidden supper', kind: 'community', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString(), timezone: 'Europe/Helsinki', spaceId: hidden.id }).expect(201)).body;

    const memberToken = (await member.agent.post('/api/me/calendar-feed').expect(201)).body.token;
    const outsiderToken = (await outsider.agent.post('/api/me/calendar-feed').expect(201)).body.token;
    const cal = parse(await ics(request(api.url), `/api/spaces/${open.id}/calendar.ics?token=${memberToken}`));
    expect(vevents(cal).map((v) => v.getFirstPropertyValue('uid'))).toEqual([`${ev.id}@sorstars`]);
    expect(tzidOf(vevents(cal)[0], 'dtstart')).toBe('Europe/Helsinki');
    expect(JSON.stringify(cal.toJSON())).not.toContain('room-42');

    const refusedOpen = await request(api.url).get(`/api/spaces/${open.id}/calendar.ics`).query({ token: outsiderToken });
    expectProblem(refusedOpen, 403, 'NOT_A_MEMBER');
    expect(refusedOpen.text).not.toContain('Space supper');
    const refusedHidden = await request(api.url).get(`/api/spaces/${hidden.id}/calendar.ics`).query({ token: memberToken });
    expectProblem(refusedHidden, 404, 'SPACE_NOT_FOUND');
    expect(refusedHidden.text).not.toContain(secret.id);
    expectProblem(await request(api.url).get(`/api/spaces/${open.id}/calendar.ics`).query({ token: 'x'.repeat(43) }), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).get(`/api/spaces/${open.id}/calendar.ics`), 401, 'UNAUTHENTICATED');

    await member.agent.delete('/api/me/calendar-feed').expect(204);
    expectProblem(await request(api.url).get(`/api/spaces/${open.id}/calendar.ics`).query({ token: memberToken }), 401, 'UNAUTHENTICATED');
  });
});
