import { toFloating as floatingMs, wallClockToInstant } from '@sorstars/shared';

/**
 * Recurrence runs in wall-clock time: "every Tuesday at 18:00 in Copenhagen" stays 18:00 across a
 * daylight-saving change. Rules run over local times written as if they were UTC (rrule's
 * floating form), and each result is then placed in the event's zone.
 */
export const DAY_MS = 86_400_000;

/**
 * The zone's offsets come from shared's `toFloating`, which remembers them per UTC hour (luxon asks
 * Intl's formatToParts for every one: listing a month of events spent 3 % of the API's CPU there).
 * Whole seconds, as rrule's floating times are. An invalid date stays invalid, as it did with luxon.
 */
export const toFloating = (instant: Date, zone: string): Date =>
  new Date(Number.isNaN(instant.getTime()) ? Number.NaN : Math.floor(floatingMs(instant.getTime(), zone) / 1000) * 1000);

/**
 * The instant a floating wall time has in the zone: luxon's rule (a guess from the offset, then
 * corrected; a time skipped by the spring change moves forward), in shared's `wallClockToInstant`
 * so the web's event forms place a wall time exactly where the recurrences do. Listing a year of a
 * daily event turns 400 wall times into instants.
 */
export const fromFloating = (floating: Date, zone: string): Date =>
  new Date(Number.isNaN(floating.getTime()) ? Number.NaN : wallClockToInstant(floating.getTime(), zone));

/**
 * rrule walks period by period and, when no period matches any more, only stops at the year 9999
 * (its MAXYEAR): from today that is millions of days. The Gregorian calendar repeats exactly every
 * 400 years (146,097 days, a whole number of weeks), so a computation moved forward by whole
 * cycles gives the same dates, weekdays and leap days — and, placed in the last cycle before
 * 9999, it can never walk more than about 400 years, however the rule is written.
 */
export const RRULE_MAX_YEAR = 9999;
export const CYCLE_MS = 146_097 * DAY_MS;

/** Whole 400-year cycles that move `year` as late as possible but no later than `latest`. */
export const cyclesBefore = (year: number, latest: number): number => Math.floor((latest - year) / 400);
