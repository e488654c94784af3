import { DateTime } from 'luxon';
import {
  WEEKDAYS,
  minuteOfWeek,
  openNow,
  resourceOpenNow,
  toFloating,
  weeklyWindows,
  type ClosedPeriod,
  type HoursPeriod,
  type OpeningSchedule,
} from '@sorstars/shared';

/**
 * The one open-now decision (shared/src/open-now.ts), against luxon as an independent oracle, and
 * the SQL prefilter's windows as a superset of it — which is what makes the `openNow` filter and
 * the badge agree (the black-box half is in test/api/resources-open-now.e2e-spec.ts).
 */
const EVERY_DAY = [...WEEKDAYS];
const at = (iso: string) => new Date(iso);
const local = (isoLocal: string, zone: string) => DateTime.fromISO(isoLocal, { zone }).toJSDate();
const schedule = (timezone: string, hours: HoursPeriod[], closed: ClosedPeriod[] = []): OpeningSchedule => ({ timezone, hours, closed });

describe('openNow: explicit cases', () => {
  const shelter = schedule('Europe/Budapest', [{ days: EVERY_DAY, opens: '19:00', closes: '08:00' }]);

  it('a night shelter is open at 02:00, across midnight, and says when it closes', () => {
    expect(openNow(shelter, local('2026-11-24T02:00', 'Europe/Budapest'))).toEqual({ state: 'open', until: local('2026-11-24T08:00', 'Europe/Budapest').toISOString() });
  });

  it('closed in the day, with when it next opens', () => {
    expect(openNow(shelter, local('2026-11-24T12:00', 'Europe/Budapest'))).toEqual({ state: 'closed', nextOpensAt: local('2026-11-24T19:00', 'Europe/Budapest').toISOString() });
  });

  it('opening and closing instants: open from 19:00, closed from 08:00', () => {
    expect(openNow(shelter, local('2026-11-24T19:00', 'Europe/Budapest')).state).toBe('open');
    expect(openNow(shelter, local('2026-11-24T18:59', 'Europe/Budapest')).state).toBe('closed');
    expect(openNow(shelter, local('2026-11-24T08:00', 'Europe/Budapest')).state).toBe('closed');
    expect(openNow(shelter, local('2026-11-24T07:59', 'Europe/Budapest')).state).toBe('open');
  });

  it('24 hours (00:00–24:00 every day) is open with no closing time', () => {
    const always = schedule('Europe/Helsinki', [{ days: EVERY_DAY, opens: '00:00', closes: '24:00' }]);
    expect(openNow(always, at('2026-03-29T01:30:00Z'))).toEqual({ state: 'open' });
  });

  it('several periods a day: closed over lunch, opens again at 14:00', () => {
    const s = schedule('Europe/Ljubljana', [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '09:00', closes: '12:00' }, { days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '14:00', closes: '17:00' }]);
    expect(openNow(s, local('2026-11-25T13:00', 'Europe/Ljubljana'))).toEqual({ state: 'closed', nextOpensAt: local('2026-11-25T14:00', 'Europe/Ljubljana').toISOString() });
    expect(openNow(s, local('2026-11-27T17:30', 'Europe/Ljubljana'))).toEqual({ state: 'closed', nextOpensAt: local('2026-11-30T09:00', 'Europe/Ljubljana').toISOString() });
  });

  it('periods that touch are one: 22:00–24:00 then 00:00–06:00 closes at 06:00', () => {
    const s = schedule('Europe/Copenhagen', [{ days: ['FR'], opens: '22:00', closes: '24:00' }, { days: ['SA'], opens: '00:00', closes: '06:00' }]);
    expect(openNow(s, local('2026-11-27T23:00', 'Europe/Copenhagen'))).toEqual({ state: 'open', until: local('2026-11-28T06:00', 'Europe/Copenhagen').toISOString() });
  });

  it('closed dates cancel the nights that start on them; a night begun before still ends', () => {
    const s = schedule('Europe/Budapest', [{ days: EVERY_DAY, opens: '19:00', closes: '08:00' }], [{ from: '2026-12-24', to: '2026-12-26', note: 'Christmas' }]);
    expect(openNow(s, local('2026-12-24T02:00', 'Europe/Budapest')).state).toBe('open');
    expect(openNow(s, local('2026-12-24T20:00', 'Europe/Budapest'))).toEqual({ state: 'closed', nextOpensAt: local('2026-12-27T19:00', 'Europe/Budapest').toISOString() });
  });

  it('no hours: unknown; a resource that is not active: closed', () => {
    expect(openNow(schedule('Europe/Belgrade', []), new Date())).toEqual({ state: 'unknown' });
    expect(resourceOpenNow('temporarily closed', [schedule('Europe/Belgrade', [{ days: EVERY_DAY, opens: '00:00', closes: '24:00' }])], new Date())).toEqual({ state: 'closed' });
    expect(resourceOpenNow('active', [], new Date())).toEqual({ state: 'unknown' });
  });

  describe.each([
    ['Europe/Budapest', '08:00'],
    ['Europe/Copenhagen', '08:00'],
    ['Europe/Helsinki', '08:00'],
    ['Europe/Belgrade', '08:00'],
    ['Europe/Ljubljana', '08:00'],
  ])('daylight-saving days in %s', (zone, closes) => {
    const night = schedule(zone, [{ days: EVERY_DAY, opens: '20:00', closes }]);
    it('spring forward: the short night still closes at 08:00 local time', () => {
      const until = openNow(night, local('2026-03-29T02:30', zone).getTime() > 0 ? local('2026-03-29T01:30', zone) : new Date()).until!;
      expect(DateTime.fromISO(until, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-03-29 08:00');
      expect(new Date(until).getTime() - local('2026-03-28T20:00', zone).getTime()).toBe(11 * 3_600_000);
    });
    it('fall back: the long night still closes at 08:00 local time', () => {
      const until = openNow(night, local('2026-10-25T05:00', zone)).until!;
      expect(DateTime.fromISO(until, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-10-25 08:00');
      expect(new Date(until).getTime() - local('2026-10-24T20:00', zone).getTime()).toBe(13 * 3_600_000);
    });
    it('a day service opens at 09:00 local on the change day', () => {
      const day = schedule(zone, [{ days: ['SU'], opens: '09:00', closes: '17:00' }]);
      const next = openNow(day, local('2026-03-29T00:30', zone)).nextOpensAt!;
      expect(DateTime.fromISO(next, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-03-29 09:00');
    });
  });
});

/** A seeded generator, so a failure names a schedule that can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['Europe/Budapest', 'Europe/Copenhagen', 'Europe/Helsinki', 'Europe/Belgrade', 'Europe/Ljubljana'];
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function randomSchedule(rnd: () => number): OpeningSchedule {
  const hours: HoursPeriod[] = [];
  const n = Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const days = WEEKDAYS.filter(() => rnd() < 0.5);
    if (!days.length) days.push(WEEKDAYS[Math.floor(rnd() * 7)]!);
    // Quarter hours, with extra weight on the awkward ones: midnight, 24:00 and the DST hours.
    const pick = () => (rnd() < 0.25 ? [0, 120, 150, 180, 1440][Math.floor(rnd() * 5)]! : Math.floor(rnd() * 96) * 15);
    const opens = Math.min(pick(), 1425);
    let closes = pick();
    if (closes === opens) closes = (opens + 60) % 1440;
    hours.push({ days, opens: hhmm(opens), closes: closes === 1440 ? '24:00' : hhmm(closes) });
  }
  const closed: ClosedPeriod[] = [];
  if (rnd() < 0.3) {
    const d = DateTime.fromISO('2026-03-20').plus({ days: Math.floor(rnd() * 240) });
    closed.push({ from: d.toISODate()!, to: d.plus({ days: Math.floor(rnd() * 3) }).toISODate()! });
  }
  return { timezone: ZONES[Math.floor(rnd() * ZONES.length)]!, hours, closed };
}

/** The same rules written with luxon's calendar arithmetic: an independent oracle. */
function oracleOpen(s: OpeningSchedule, instant: Date): boolean {
  const t = DateTime.fromJSDate(instant, { zone: s.timezone });
  for (let back = 0; back <= 1; back++) {
    const day = t.startOf('day').minus({ days: back });
    const date = day.toISODate()!;
    if (s.closed?.some((c) => c.from <= date && date <= c.to)) continue;
    for (const p of s.hours) {
      if (!p.days.includes(WEEKDAYS[day.weekday - 1]!)) continue;
      const [oh, om] = p.opens.split(':').map(Number);
      const [ch, cm] = p.closes.split(':').map(Number);
      const opens = oh! * 60 + om!;
      let closes = ch! * 60 + cm!;
      if (closes <= opens) closes += 1440;
      const startLocal = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(opens / 60), minute: opens % 60 }, { zone: s.timezone }).toMillis();
      const endDay = day.plus({ days: Math.floor(closes / 1440) });
      const end = DateTime.fromObject({ year: endDay.year, month: endDay.month, day: endDay.day, hour: Math.floor((closes % 1440) / 60), minute: closes % 60 }, { zone: s.timezone }).toMillis();
      if (startLocal <= instant.getTime() && instant.getTime() < end) return true;
    }
  }
  return false;
}

const inWindows = (windows: [number, number][], m: number) => windows.some(([a, b]) => a <= m && m < b);

describe('openNow: properties over random weekly schedules', () => {
  const rnd = random(20261129);
  const SCHEDULES = 1500;
  const INSTANTS = 8;
  const start = Date.parse('2026-03-22T00:00:00Z');
  const span = Date.parse('2026-11-08T00:00:00Z') - start;
  // Instants near the spring and autumn changes, and anywhere in between.
  const instant = () =>
    rnd() < 0.4
      ? new Date((rnd() < 0.5 ? Date.parse('2026-03-28T12:00:00Z') : Date.parse('2026-10-24T12:00:00Z')) + Math.floor(rnd() * 48 * 4) * 900_000)
      : new Date(start + Math.floor((rnd() * span) / 60_000) * 60_000);

  it(`${SCHEDULES} schedules × ${INSTANTS} instants: the decision matches the oracle, and the SQL prefilter windows never miss an open one`, () => {
    const problems: string[] = [];
    for (let i = 0; i < SCHEDULES; i++) {
      const s = randomSchedule(rnd);
      const windows = weeklyWindows(s.hours);
      for (let j = 0; j < INSTANTS; j++) {
        const t = instant();
        const decided = openNow(s, t);
        const open = decided.state === 'open';
        if (s.hours.length === 0 ? decided.state !== 'unknown' : open !== oracleOpen(s, t)) problems.push(`oracle ${JSON.stringify(s)} @ ${t.toISOString()} → ${decided.state}`);
        if (open && !inWindows(windows, minuteOfWeek(t, s.timezone))) problems.push(`prefilter ${JSON.stringify(s)} @ ${t.toISOString()}`);
        // "Closes in N min" and "opens at" are consistent with the decision itself.
        if (decided.until) {
          const u = new Date(decided.until).getTime();
          if (!(u > t.getTime()) || openNow(s, new Date(u - 1)).state !== 'open' || openNow(s, new Date(u)).state !== 'closed') problems.push(`until ${JSON.stringify(s)} @ ${t.toISOString()}`);
        }
        if (decided.nextOpensAt) {
          const o = new Date(decided.nextOpensAt).getTime();
          if (!(o > t.getTime()) || openNow(s, new Date(o)).state !== 'open' || openNow(s, new Date(o - 1)).state !== 'closed') problems.push(`next ${JSON.stringify(s)} @ ${t.toISOString()}`);
        }
        if (problems.length > 5) break;
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('toFloating: remembered hourly offsets say what Intl says', () => {
  it('in every zone, at random instants from 1850 to 2100 and minute by minute around the changes of 2026', () => {
    const rnd = random(20261130);
    const problems: string[] = [];
    const check = (t: number, zone: string) => {
      const expected = t + DateTime.fromMillis(t, { zone }).offset * 60_000;
      // Luxon rounds offsets to whole minutes; local mean times before 1900 have seconds.
      if (Math.abs(toFloating(t, zone) - expected) >= 60_000) problems.push(`${zone} @ ${new Date(t).toISOString()}`);
    };
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      for (let i = 0; i < 40; i++) check(Date.UTC(1850, 0, 1) + Math.floor(rnd() * 250 * 365.25 * 86_400_000), zone);
    }
    for (const zone of ['Europe/Budapest', 'Europe/Copenhagen', 'Europe/Helsinki', 'Europe/Belgrade', 'Europe/Ljubljana', 'Australia/Lord_Howe', 'America/St_Johns']) {
      for (const change of [Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-10-25T00:00:00Z'), Date.parse('2026-04-05T00:00:00Z'), Date.parse('2026-11-01T00:00:00Z')]) {
        for (let m = 0; m < 6 * 60; m++) check(change + m * 60_000 + 59_999, zone);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
