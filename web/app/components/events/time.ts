import { isIanaTimeZone, toFloating, wallClockToInstant } from '@sorstars/shared';
import { dateTimeFormat, rememberedDate } from '~/utils/intl-format';

/*
 * Dates and times for events, in the UI language and in a named time zone. Pure functions, so the
 * server and the browser write exactly the same text (the reader's zone comes from the `tz`
 * cookie, read by the loader, never from the browser at render time).
 */

/** The zones offered when creating an event; the first of each language is its default. */
export const EVENT_ZONES = ['Europe/Copenhagen', 'Europe/Budapest', 'Europe/Belgrade', 'Europe/Ljubljana', 'Europe/Helsinki', 'UTC'] as const;

const ZONE_BY_LOCALE: Record<string, string> = {
  da: 'Europe/Copenhagen',
  en: 'Europe/Copenhagen',
  hu: 'Europe/Budapest',
  sr: 'Europe/Belgrade',
  sl: 'Europe/Ljubljana',
  fi: 'Europe/Helsinki',
};

/** Keys of `events:zones.*`, named literally so the i18n check finds them. */
export const ZONE_NAME_KEYS: Record<string, string> = {
  'Europe/Copenhagen': 'zones.copenhagen',
  'Europe/Budapest': 'zones.budapest',
  'Europe/Belgrade': 'zones.belgrade',
  'Europe/Ljubljana': 'zones.ljubljana',
  'Europe/Helsinki': 'zones.helsinki',
  UTC: 'zones.utc',
};
export const ZONE_TIME_KEYS: Record<string, string> = {
  'Europe/Copenhagen': 'zoneTime.copenhagen',
  'Europe/Budapest': 'zoneTime.budapest',
  'Europe/Belgrade': 'zoneTime.belgrade',
  'Europe/Ljubljana': 'zoneTime.ljubljana',
  'Europe/Helsinki': 'zoneTime.helsinki',
  UTC: 'zoneTime.utc',
};

/** An IANA zone name, by the same rule as the API (offsets such as "+02:00" are not zones). */
export function isValidZone(zone: string | null | undefined): zone is string {
  return !!zone && isIanaTimeZone(zone);
}

/** The zone a new event starts with: the reader's own when it is one we offer, else the language's. */
export function defaultZone(locale: string, readerZone: string | null): string {
  if (readerZone && (EVENT_ZONES as readonly string[]).includes(readerZone)) return readerZone;
  return ZONE_BY_LOCALE[locale] ?? 'Europe/Copenhagen';
}

/** "Copenhagen" from "Europe/Copenhagen", for zones we have no translated name for. */
export function cityOf(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const SHORT_DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const MONTH: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric' };

/**
 * `options`' text for an instant in a zone, remembered: an events page prints the same days and
 * times for every reader, and looking up the formatter and calling ICU for each was about 2 % of
 * the web's work on it. An invalid date throws, as Intl does.
 */
function print(style: string, options: Intl.DateTimeFormatOptions, iso: string, locale: string, zone: string): string {
  return rememberedDate(`${style}\u0000${locale}\u0000${zone}\u0000${iso}`, () => dateTimeFormat(locale, { ...options, timeZone: zone }).format(new Date(iso)));
}

export const formatTime = (iso: string, locale: string, zone: string) => print('time', TIME, iso, locale, zone);
export const formatDay = (iso: string, locale: string, zone: string) => print('day', DAY, iso, locale, zone);
export const formatShortDay = (iso: string, locale: string, zone: string) => print('shortDay', SHORT_DAY, iso, locale, zone);
export const formatMonth = (iso: string, locale: string, zone: string) => print('month', MONTH, iso, locale, zone);

/** "18:00–20:00"; the end gets its date when it falls on another day. */
export function formatTimeRange(startIso: string, endIso: string, locale: string, zone: string): string {
  const start = formatTime(startIso, locale, zone);
  const sameDay = localDate(startIso, zone) === localDate(endIso, zone);
  const end = sameDay ? formatTime(endIso, locale, zone) : `${formatShortDay(endIso, locale, zone)} ${formatTime(endIso, locale, zone)}`;
  return `${start}–${end}`;
}

/**
 * The wall-clock parts of an instant in a zone. Read from the zone's offsets, which shared's
 * `toFloating` remembers per UTC hour: an events page asks this several times per occurrence, and
 * a formatToParts call each time was 5 % of the web's CPU on that page.
 */
export function zonedParts(instant: Date | string, zone: string) {
  const local = new Date(toFloating((typeof instant === 'string' ? new Date(instant) : instant).getTime(), zone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-05-12": the calendar date of an instant in a zone. */
export function localDate(instant: Date | string, zone: string): string {
  const p = zonedParts(instant, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** "18:00": the wall-clock time of an instant in a zone. */
export function localTime(instant: Date | string, zone: string): string {
  const p = zonedParts(instant, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** Minutes the zone is ahead of UTC at that instant. */
export function offsetMinutes(instant: number, zone: string): number {
  return Math.round((toFloating(instant, zone) - instant) / 60_000);
}

/**
 * The instant a wall-clock time in a zone stands for, by the rule the API's recurrences use
 * (shared's `wallClockToInstant`, luxon's): a time skipped by the spring change moves forward by
 * the jump (02:30 becomes 03:30); a time the autumn change repeats takes the second east of
 * Greenwich, the first west of it.
 */
export function zonedToInstant(date: string, time: string, zone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, day, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59) return null;
  const wallClock = Date.UTC(y, mo - 1, day, h, mi);
  if (new Date(wallClock).getUTCDate() !== day) return null;
  return new Date(wallClockToInstant(wallClock, zone));
}

/** ISO 8601 with the zone's offset, e.g. 2026-05-12T18:00:00+02:00. */
export function isoWithOffset(instant: Date, zone: string): string {
  const offset = offsetMinutes(instant.getTime(), zone);
  const p = zonedParts(instant, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Adds days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** 0 = Monday … 6 = Sunday, for a "YYYY-MM-DD" date. */
export function weekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export const isDate = (value: string | null | undefined): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
export const isMonth = (value: string | null | undefined): value is string => !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
