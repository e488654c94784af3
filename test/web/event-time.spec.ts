/**
 * The events pages' wall-clock arithmetic (web/app/components/events/time.ts) reads zone offsets
 * from shared's hourly memory; it must say what Intl's formatToParts says, which it asked before.
 */
import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { rememberedZoneCount } from '@sorstars/shared';
import { formattedDateCount } from '../../web/app/utils/intl-format.js';
import { formatDay, formatMonth, formatShortDay, formatTime, formatTimeRange, localDate, localTime, offsetMinutes, zonedParts, zonedToInstant } from '../../web/app/components/events/time.js';

const ZONES = [
  ...['Europe/Copenhagen', 'Europe/Budapest', 'Europe/Belgrade', 'Europe/Ljubljana', 'Europe/Helsinki', 'UTC'],
  ...['Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'America/New_York', 'America/Havana', 'America/Santiago'],
];
const CHANGE_DAYS = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2026-10-04', '2026-09-06', '2026-04-04'].map((d) => Date.parse(`${d}T00:00:00Z`));

/** What time.ts did before: one formatToParts call per question. */
function byIntl(instant: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

describe('event times on remembered zone offsets', () => {
  it('give the same wall-clock parts as formatToParts, every three minutes around the 2026 changes', () => {
    const problems: string[] = [];
    for (const zone of ZONES) {
      for (const day of CHANGE_DAYS) {
        for (let m = 0; m < 24 * 60; m += 3) {
          const t = day + m * 60_000 + (m % 7) * 1_000 + (m % 3) * 123;
          const expected = byIntl(t, zone);
          if (JSON.stringify(zonedParts(new Date(t), zone)) !== JSON.stringify(expected)) problems.push(`${zone} @ ${new Date(t).toISOString()}`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('place every wall time of the change days where luxon, and so the recurrences of the API, place it', () => {
    const problems: string[] = [];
    for (const zone of ZONES) {
      for (const day of CHANGE_DAYS) {
        for (let m = 0; m < 24 * 60; m += 15) {
          const wall = new Date(day + m * 60_000);
          const date = wall.toISOString().slice(0, 10);
          const time = wall.toISOString().slice(11, 16);
          const local = DateTime.fromObject({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() }, { zone });
          // A repeated time: the one in the offset in force when a UTC clock reads that wall time
          // (the second east of Greenwich, the first west of it). Luxon's own pick follows today's date.
          const inForce = DateTime.fromMillis(wall.getTime(), { zone }).offset;
          const expected = local.getPossibleOffsets().find((p) => p.offset === inForce) ?? local;
          if (zonedToInstant(date, time, zone)?.getTime() !== expected.toMillis()) problems.push(`${zone} ${date} ${time}`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('remember a bounded number of zones, however many spellings a cookie brings', () => {
    for (let i = 0; i < 600; i++) {
      const spelling = [...'Europe/Budapest'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
      localDate('2026-06-01T12:00:00Z', spelling);
    }
    const count = rememberedZoneCount();
    expect(count.formatters).toBeLessThanOrEqual(200);
    expect(count.offsets).toBeLessThanOrEqual(200);
    expect(count.offsets).toBeGreaterThan(100);
  });

  it('read ISO strings, and work the other way across a change', () => {
    expect(localDate('2026-10-24T22:30:00Z', 'Europe/Budapest')).toBe('2026-10-25');
    expect(localTime('2026-10-25T00:30:00Z', 'Europe/Budapest')).toBe('02:30');
    expect(localTime('2026-10-25T01:30:00Z', 'Europe/Budapest')).toBe('02:30');
    // Lord Howe's half-hour change, at 15:30 UTC.
    expect(offsetMinutes(Date.parse('2026-10-03T15:31:00Z'), 'Australia/Lord_Howe')).toBe(11 * 60);
    expect(offsetMinutes(Date.parse('2026-10-03T15:29:00Z'), 'Australia/Lord_Howe')).toBe(10 * 60 + 30);
    // 02:30 on the spring day does not exist in Budapest: it moves forward by the jump, to 03:30.
    // It used to move back, to 01:30, while the API's recurrences move it forward.
    expect(zonedToInstant('2026-03-29', '02:30', 'Europe/Budapest')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on the autumn day happens twice: east of Greenwich the second, in standard time; west of it the first.
    expect(zonedToInstant('2026-10-25', '02:30', 'Europe/Budapest')?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(zonedToInstant('2026-11-01', '01:30', 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedToInstant('2026-02-30', '12:00', 'Europe/Budapest')).toBeNull();
    expect(zonedToInstant('2026-07-01', '18:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-07-01T15:00:00.000Z');
  });

  it('refuse an invalid date, as formatToParts did', () => {
    expect(() => zonedParts('not a date', 'Europe/Budapest')).toThrow(RangeError);
  });
});

describe('event dates in words, remembered', () => {
  const intl = (locale: string, zone: string, options: Intl.DateTimeFormatOptions, iso: string) =>
    new Intl.DateTimeFormat(locale === 'sr' ? 'sr-Latn' : locale, { ...options, timeZone: zone }).format(new Date(iso));

  it('say what Intl says, each style, locale and zone apart, the first time and again', () => {
    const instants = ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-10-25T00:30:00Z', '2026-12-31T23:30:00Z'];
    for (let round = 0; round < 2; round++) {
      for (const locale of ['en', 'hu', 'sr', 'da', 'fi', 'sl']) {
        for (const zone of ['Europe/Copenhagen', 'Europe/Helsinki', 'America/New_York']) {
          for (const iso of instants) {
            expect(formatTime(iso, locale, zone)).toBe(intl(locale, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, iso));
            expect(formatDay(iso, locale, zone)).toBe(intl(locale, zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }, iso));
            expect(formatShortDay(iso, locale, zone)).toBe(intl(locale, zone, { weekday: 'short', day: 'numeric', month: 'short' }, iso));
            expect(formatMonth(iso, locale, zone)).toBe(intl(locale, zone, { month: 'long', year: 'numeric' }, iso));
          }
        }
      }
    }
    // The end of a range that runs past midnight gets its own day.
    expect(formatTimeRange('2026-12-31T20:00:00Z', '2027-01-01T02:00:00Z', 'en', 'UTC')).toBe(`20:00–${intl('en', 'UTC', { weekday: 'short', day: 'numeric', month: 'short' }, '2027-01-01T02:00:00Z')} 02:00`);
  });

  it('refuse an invalid date every time, remembering nothing for it', () => {
    formatDay('2026-06-01T12:00:00Z', 'en', 'UTC');
    const remembered = formattedDateCount();
    expect(() => formatDay('not a date', 'en', 'UTC')).toThrow(RangeError);
    expect(() => formatDay('not a date', 'en', 'UTC')).toThrow(RangeError);
    expect(formattedDateCount()).toBe(remembered);
  });
});
