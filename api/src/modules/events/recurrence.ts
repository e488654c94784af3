import { isIanaTimeZone } from '@sorstars/shared';
import { DateTime } from 'luxon';
import rrulePkg, { type Options } from 'rrule';
import { CYCLE_MS, DAY_MS, RRULE_MAX_YEAR, cyclesBefore, fromFloating, toFloating } from './floating-time.js';
import { MAX_RECURRING_DURATION_MS, RRULE_MAX_SPAN_YEARS, checkRrule, cheapestEquivalent, comesInTime, parseAcceptedRrule } from './recurrence-rules.js';

const { RRule } = rrulePkg;

export interface Occurrence {
  /** The original start: the occurrence's identity, even after it is moved. */
  occurrence: Date;
  startsAt: Date;
  endsAt: Date;
}

export interface RecurringEvent {
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  rrule: string | null;
}

/** At most this many occurrences of one series in one window. */
export const MAX_OCCURRENCES = 1000;

export const isValidZone = isIanaTimeZone;

/** A rule for an event (by default one starting now, in UTC), checked and normalised; see recurrence-rules.ts. */
export const normaliseRrule = (input: string, event: Pick<RecurringEvent, 'startsAt' | 'timezone'> = { startsAt: new Date(), timezone: 'UTC' }): string =>
  checkRrule(input, event.startsAt, event.timezone);

/**
 * rrule derives missing parts from DTSTART (a weekly rule repeats on DTSTART's weekday, a monthly
 * one on its day of the month…). Spelled out, the rule keeps meaning the same when its DTSTART
 * is moved forward to the window being listed.
 */
function withExplicitDefaults(options: Partial<Options>, start: Date): Partial<Options> {
  const out: Partial<Options> = { ...options, byhour: [start.getUTCHours()], byminute: [start.getUTCMinutes()], bysecond: [start.getUTCSeconds()] };
  const hasDayParts = [options.bymonthday, options.byweekday].some((v) => v !== null && v !== undefined && (!Array.isArray(v) || v.length > 0));
  if (hasDayParts) return out;
  if (options.freq === RRule.YEARLY) return { ...out, bymonth: options.bymonth ?? [start.getUTCMonth() + 1], bymonthday: [start.getUTCDate()] };
  if (options.freq === RRule.MONTHLY) return { ...out, bymonthday: [start.getUTCDate()] };
  if (options.freq === RRule.WEEKLY) return { ...out, byweekday: [(start.getUTCDay() + 6) % 7] };
  return out;
}

/**
 * The latest start of a period of the series at or before `from` (all in floating time): the
 * series' own start moved forward by whole intervals — days, weeks, or to the first of a month or
 * year — so the periods rrule walks are the series' own and none before the window is visited.
 */
function alignedStart(freq: number, interval: number, start: Date, from: Date): Date {
  if (start >= from) return start;
  const time = [start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds()] as const;
  let aligned: number;
  if (freq === RRule.DAILY || freq === RRule.WEEKLY) {
    const step = interval * (freq === RRule.WEEKLY ? 7 : 1) * DAY_MS;
    aligned = start.getTime() + Math.floor((from.getTime() - start.getTime()) / step) * step;
  } else if (freq === RRule.MONTHLY) {
    const months = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
    const month = months(start) + Math.floor((months(from) - months(start)) / interval) * interval;
    aligned = Date.UTC(Math.floor(month / 12), month % 12, 1, ...time);
  } else {
    const year = start.getUTCFullYear() + Math.floor((from.getUTCFullYear() - start.getUTCFullYear()) / interval) * interval;
    aligned = Date.UTC(year, 0, 1, ...time);
  }
  return new Date(Math.max(aligned, start.getTime()));
}

/** A series' rule as expansion uses it: its end as a floating UNTIL (a COUNT, as its last occurrence). */
interface SeriesRule {
  options: Partial<Options>;
  until: Date | null;
}

const rulesBySeries = new Map<string, SeriesRule | null>();
const SERIES_CACHE_MAX = 5000;

/**
 * The rule of a stored series, worked out once per rule, start and zone in a process: null when it
 * is not one events accept today or never comes (saved before rules were checked), and the event
 * is then listed as a one-off. A COUNT is turned into the date of its last occurrence, so a COUNT
 * series is expanded from the window like any other instead of being counted from its start.
 */
function seriesRuleOf(event: RecurringEvent & { rrule: string }): SeriesRule | null {
  const key = `${event.rrule}|${event.startsAt.getTime()}|${event.timezone}`;
  let rule = rulesBySeries.get(key);
  if (rule === undefined) {
    rule = workOutSeriesRule(event);
    if (rulesBySeries.size >= SERIES_CACHE_MAX) rulesBySeries.clear();
    rulesBySeries.set(key, rule);
  }
  return rule;
}

function workOutSeriesRule(event: RecurringEvent & { rrule: string }): SeriesRule | null {
  const parsed = parseAcceptedRrule(event.rrule);
  if (!parsed || !comesInTime(parsed, event.rrule, event.startsAt, event.timezone)) return null;
  const options = cheapestEquivalent(parsed);
  const start = toFloating(event.startsAt, event.timezone);
  if (options.count) {
    // Counted in whole 400-year cycles later, where even an unfinished count ends at MAXYEAR.
    const shift = cyclesBefore(start.getUTCFullYear(), RRULE_MAX_YEAR - RRULE_MAX_SPAN_YEARS - 1) * CYCLE_MS;
    const all = new RRule({ ...withExplicitDefaults(options, start), dtstart: new Date(start.getTime() + shift) }).all();
    if (!all.length) return null;
    return { options: { ...options, count: null }, until: new Date(all[all.length - 1].getTime() - shift) };
  }
  // A UTC UNTIL (RFC 5545 requires one when DTSTART has a TZID) is an instant: bring it into the
  // floating local time the rule runs in, or the last occurrence is lost east of Greenwich.
  const until = options.until && /UNTIL=\d{8}T\d{6}Z/i.test(event.rrule) ? toFloating(options.until, event.timezone) : options.until ?? null;
  return { options, until };
}

/** Whether the event is listed as a series: it has a rule events accept that comes (see seriesRuleOf). */
export const repeats = (event: RecurringEvent): boolean => event.rrule !== null && seriesRuleOf({ ...event, rrule: event.rrule }) !== null;

const oneOff = (event: RecurringEvent, from: Date, to: Date): Occurrence[] =>
  event.startsAt < to && event.endsAt > from ? [{ occurrence: event.startsAt, startsAt: event.startsAt, endsAt: event.endsAt }] : [];

/**
 * Occurrences whose time overlaps [from, to), oldest first, at most MAX_OCCURRENCES.
 *
 * The work is bounded by the window, not by the series' age: rrule starts at the series' start
 * moved forward to the window, and the whole computation is moved into the last 400-year cycle
 * before rrule's year 9999 so that even a rule with no occurrence left stops there. A stored rule
 * outside what events accept, or that never comes (saved before rules were checked), is listed as
 * its first date only.
 */
export function expand(event: RecurringEvent, from: Date, to: Date): Occurrence[] {
  if (!event.rrule) return oneOff(event, from, to);
  const series = seriesRuleOf({ ...event, rrule: event.rrule });
  if (!series) return oneOff(event, from, to);
  const { options, until } = series;
  const zone = event.timezone;
  const duration = event.endsAt.getTime() - event.startsAt.getTime();
  const start = toFloating(event.startsAt, zone);
  // Widen by a day each side in floating time (and by the duration before), then filter on real instants.
  const floatingFrom = new Date(toFloating(from, zone).getTime() - DAY_MS - Math.min(duration, MAX_RECURRING_DURATION_MS));
  const floatingTo = new Date(toFloating(to, zone).getTime() + DAY_MS);
  if ((until && until < floatingFrom) || start > floatingTo) return [];
  const shift = cyclesBefore(floatingTo.getUTCFullYear(), RRULE_MAX_YEAR) * CYCLE_MS;
  const moved = (d: Date) => new Date(d.getTime() + shift);
  const explicit = withExplicitDefaults(options, start);
  const dtstart = alignedStart(options.freq!, options.interval ?? 1, start, floatingFrom);
  const rule = new RRule({ ...explicit, dtstart: moved(dtstart), until: until ? moved(until) : null });
  const out: Occurrence[] = [];
  rule.between(moved(floatingFrom), moved(floatingTo), true, (floating) => {
    const begins = fromFloating(new Date(floating.getTime() - shift), zone);
    const ends = new Date(begins.getTime() + duration);
    if (begins < to && ends > from) out.push({ occurrence: begins, startsAt: begins, endsAt: ends });
    return out.length < MAX_OCCURRENCES;
  });
  return out;
}

/** Whether `at` is one of the event's occurrences (its original start). */
export function isOccurrence(event: RecurringEvent, at: Date): boolean {
  return expand(event, new Date(at.getTime() - 1000), new Date(at.getTime() + 1000)).some((o) => o.occurrence.getTime() === at.getTime());
}

/** The floating start rrule and iCalendar want: local wall time in the event's zone. */
export const localStart = (event: RecurringEvent) => DateTime.fromJSDate(event.startsAt, { zone: event.timezone });
