import { DateTime } from 'luxon';
import { WEEKDAYS, isIanaZone, type HoursPeriod, type Weekday } from '@sorstars/shared';
import { childId } from './hsds-ids.js';

/** An HSDS 3.1 schedule object, as far as Sorstárs writes and reads it. */
export interface HsdsSchedule {
  id: string;
  freq?: string;
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  timezone?: number;
  description?: string;
  interval?: number;
  byweekno?: string;
  bymonthday?: string;
  byyearday?: string;
  count?: number;
  until?: string;
  valid_to?: string;
  [extension: `x_${string}`]: unknown;
  [field: string]: unknown;
}

/**
 * HSDS's `timezone` is a UTC offset in hours; Sorstárs keeps the IANA zone, so the offset is the
 * one in force at `at` (an export made in July says +2 for Budapest, one made in January +1).
 */
export function utcOffsetHours(zone: string, at: Date): number {
  return DateTime.fromJSDate(at, { zone }).offset / 60;
}

/** Weekly opening hours → HSDS schedules (one per period), with the IANA zone as `x_timezone`. */
export function hoursToSchedules(locationId: string, hours: HoursPeriod[], zone: string, note: string | null, at: Date): HsdsSchedule[] {
  const timezone = utcOffsetHours(zone, at);
  return hours.map((period, index) => ({
    id: childId(locationId, 'schedule', index),
    freq: 'WEEKLY',
    byday: period.days.join(','),
    opens_at: period.opens,
    closes_at: period.closes,
    timezone,
    ...(note ? { notes: note } : {}),
    x_timezone: zone,
  }));
}

const HH_MM_SS = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?$/;
const hhmm = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  if (value === '24:00' || value === '24:00:00') return '24:00';
  const m = HH_MM_SS.exec(value);
  return m ? `${m[1]}:${m[2]}` : null;
};

/** Fields that make a schedule more than "these weekdays, every week", which Sorstárs cannot hold. */
const NOT_WEEKLY = ['byweekno', 'bymonthday', 'byyearday', 'count', 'until'] as const;

/**
 * HSDS schedules → weekly hours. Only plain weekly schedules (every week, named weekdays, opening
 * and closing times) become hours; anything else (monthly, every other week, week numbers) would
 * make "open now" wrong, so it is left out of the hours and kept only in the imported document.
 */
export function schedulesToHours(schedules: readonly HsdsSchedule[]): HoursPeriod[] {
  const hours: HoursPeriod[] = [];
  for (const s of schedules) {
    if ((s.freq ?? 'WEEKLY') !== 'WEEKLY' || (s.interval ?? 1) !== 1) continue;
    if (NOT_WEEKLY.some((field) => s[field] !== undefined && s[field] !== null && s[field] !== '')) continue;
    const days = String(s.byday ?? '')
      .split(',')
      .map((d) => d.trim().toUpperCase())
      .filter(Boolean);
    const opens = hhmm(s.opens_at);
    const closes = hhmm(s.closes_at);
    if (!days.length || !days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) continue;
    if (!opens || !closes || opens === '24:00' || opens === closes) continue;
    hours.push({ days: days as Weekday[], opens, closes });
  }
  return hours;
}

/** The usual zone of each country Sorstárs serves, for imports that give only a UTC offset. */
const COUNTRY_ZONES: Record<string, string> = {
  HU: 'Europe/Budapest',
  RS: 'Europe/Belgrade',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  SI: 'Europe/Ljubljana',
};

/**
 * The IANA zone of an imported location: our own `x_timezone` when it is a real zone, else the
 * country's zone, else the fixed-offset zone matching HSDS's numeric `timezone` (Etc/GMT-2 is
 * UTC+2 — POSIX signs are inverted), else UTC.
 */
export function zoneForImport(schedules: readonly HsdsSchedule[], country: string | null): string {
  for (const s of schedules) if (typeof s.x_timezone === 'string' && isIanaZone(s.x_timezone)) return s.x_timezone;
  if (country && COUNTRY_ZONES[country.toUpperCase()]) return COUNTRY_ZONES[country.toUpperCase()]!;
  const offset = schedules.find((s) => typeof s.timezone === 'number')?.timezone;
  if (offset !== undefined && Number.isInteger(offset) && offset !== 0 && Math.abs(offset) <= 12) {
    return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  }
  return 'UTC';
}
