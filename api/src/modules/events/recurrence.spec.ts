import { DateTime } from 'luxon';
import { expand, isOccurrence, isValidZone, normaliseRrule } from './recurrence.js';

const at = (iso: string) => new Date(iso);
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('ccc HH:mm');

describe('recurrence across daylight-saving changes', () => {
  // 2026: clocks go forward on 29 March and back on 25 October in all these zones.
  const zones = ['Europe/Copenhagen', 'Europe/Budapest', 'Europe/Belgrade', 'Europe/Ljubljana', 'Europe/Helsinki'];

  it.each(zones)('keeps a weekly 18:00 dinner at 18:00 local in %s, spring and autumn', (zone) => {
    const start = DateTime.fromObject({ year: 2026, month: 3, day: 17, hour: 18 }, { zone }).toJSDate();
    const event = { startsAt: start, endsAt: new Date(start.getTime() + 2 * 3600_000), timezone: zone, rrule: 'FREQ=WEEKLY;BYDAY=TU' };
    const spring = expand(event, at('2026-03-16T00:00:00Z'), at('2026-04-08T00:00:00Z'));
    expect(spring.map((o) => local(o.startsAt, zone))).toEqual(['Tue 18:00', 'Tue 18:00', 'Tue 18:00', 'Tue 18:00']);
    // The UTC instant moves by an hour when the clocks do.
    expect(spring[2].startsAt.getTime() - spring[1].startsAt.getTime()).toBe(7 * 86_400_000 - 3600_000);
    const autumn = expand(event, at('2026-10-19T00:00:00Z'), at('2026-11-04T00:00:00Z'));
    expect(autumn.map((o) => local(o.startsAt, zone))).toEqual(['Tue 18:00', 'Tue 18:00', 'Tue 18:00']);
    expect(autumn[1].startsAt.getTime() - autumn[0].startsAt.getTime()).toBe(7 * 86_400_000 + 3600_000);
    expect(autumn.every((o) => o.endsAt.getTime() - o.startsAt.getTime() === 2 * 3600_000)).toBe(true);
  });

  it('expands every other week and the first Monday of the month', () => {
    const zone = 'Europe/Budapest';
    const start = DateTime.fromObject({ year: 2026, month: 1, day: 5, hour: 17 }, { zone }).toJSDate();
    const base = { startsAt: start, endsAt: new Date(start.getTime() + 3600_000), timezone: zone };
    const biweekly = expand({ ...base, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO' }, at('2026-01-01T00:00:00Z'), at('2026-02-10T00:00:00Z'));
    expect(biweekly.map((o) => DateTime.fromJSDate(o.startsAt, { zone }).toISODate())).toEqual(['2026-01-05', '2026-01-19', '2026-02-02']);
    const monthly = expand({ ...base, rrule: 'FREQ=MONTHLY;BYDAY=1MO' }, at('2026-01-01T00:00:00Z'), at('2026-05-01T00:00:00Z'));
    expect(monthly.map((o) => DateTime.fromJSDate(o.startsAt, { zone }).toISODate())).toEqual(['2026-01-05', '2026-02-02', '2026-03-02', '2026-04-06']);
  });

  it('stops at COUNT and UNTIL', () => {
    const start = at('2026-01-06T17:00:00Z');
    const base = { startsAt: start, endsAt: at('2026-01-06T18:00:00Z'), timezone: 'Europe/Copenhagen' };
    expect(expand({ ...base, rrule: 'FREQ=WEEKLY;COUNT=3' }, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toHaveLength(3);
    expect(expand({ ...base, rrule: 'FREQ=WEEKLY;UNTIL=20260121T000000Z' }, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toHaveLength(3);
  });

  it('lists a one-off event when it overlaps the window', () => {
    const event = { startsAt: at('2026-05-10T08:00:00Z'), endsAt: at('2026-05-10T16:00:00Z'), timezone: 'Europe/Belgrade', rrule: null };
    expect(expand(event, at('2026-05-10T12:00:00Z'), at('2026-05-11T00:00:00Z'))).toHaveLength(1);
    expect(expand(event, at('2026-05-11T00:00:00Z'), at('2026-05-12T00:00:00Z'))).toHaveLength(0);
  });

  it('knows its own occurrences', () => {
    const event = { startsAt: at('2026-01-06T17:00:00Z'), endsAt: at('2026-01-06T18:00:00Z'), timezone: 'Europe/Copenhagen', rrule: 'FREQ=WEEKLY' };
    expect(isOccurrence(event, at('2026-01-13T17:00:00Z'))).toBe(true);
    expect(isOccurrence(event, at('2026-01-13T17:30:00Z'))).toBe(false);
  });
});

describe('normaliseRrule', () => {
  it('accepts rules with or without the RRULE: prefix', () => {
    expect(normaliseRrule('RRULE:FREQ=WEEKLY;BYDAY=TU')).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(normaliseRrule('FREQ=MONTHLY;BYDAY=1MO;COUNT=6')).toContain('COUNT=6');
  });

  it.each(['', 'FREQ=SOMETIMES', 'BYDAY=TU', 'DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=XX', 'nonsense'])('refuses %p', (rule) => {
    expect(() => normaliseRrule(rule)).toThrow();
  });
});

describe('isValidZone', () => {
  it('knows IANA zones', () => {
    expect(isValidZone('Europe/Helsinki')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('CET+5')).toBe(false);
  });
});
