import rrulePkg, { type Options, type Weekday } from 'rrule';
import { AppError } from '../../core/errors/app-error.js';
import { DAY_MS, RRULE_MAX_YEAR, toFloating } from './floating-time.js';

const { RRule } = rrulePkg;

/**
 * Which repeat rules an event may have: what a community calendar needs, and nothing whose
 * expansion could keep the server busy. Daily, weekly, monthly or yearly at the event's own time
 * of day; weekdays, days of the month, months and set positions within their RFC 5545 ranges;
 * a bounded INTERVAL and COUNT. Parts that add times of day (BYHOUR, BYMINUTE, BYSECOND, and the
 * sub-daily frequencies) or rarely matter (BYYEARDAY, BYWEEKNO, rrule's BYEASTER) are refused.
 *
 * Daily and weekly rules are shaped so that every week has an occurrence (weekday filters only,
 * and on a daily rule only every day), so their expansion walks a few periods per occurrence.
 * Monthly and yearly rules can combine filters into dates that never come (the 30th of February,
 * a sixth Monday); `checkRrule` probes them once, bounded, when the event is saved.
 */
export const RRULE_MAX_COUNT = 500;
export const RRULE_MAX_INTERVAL: Readonly<Record<number, number>> = {
  [RRule.YEARLY]: 10,
  [RRule.MONTHLY]: 24,
  [RRule.WEEKLY]: 52,
  [RRule.DAILY]: 366,
};
/** A series' occurrences must begin within this many years of its start (its first one, or all COUNT of them). */
export const RRULE_MAX_SPAN_YEARS = 50;
/** Each occurrence of a repeating event lasts at most this long. */
export const MAX_RECURRING_DURATION_MS = 31 * DAY_MS;

const REFUSED_PARTS = ['byhour', 'byminute', 'bysecond', 'byyearday', 'byweekno', 'byeaster', 'dtstart', 'tzid', 'bynweekday', 'bynmonthday'] as const;

type RuleOptions = Partial<Options>;
const list = <T>(v: T | T[] | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isIntIn = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isSignedIn = (v: unknown, max: number) => isIntIn(v, -max, max) && v !== 0;

/** BYDAY entries as weekday and ordinal (0 for "every"); null when one is not a weekday at all. */
function weekdaysOf(options: RuleOptions): { weekday: number; n: number }[] | null {
  const out: { weekday: number; n: number }[] = [];
  for (const d of list(options.byweekday as Weekday | number | (Weekday | number)[] | null | undefined)) {
    if (typeof d === 'number' && isIntIn(d, 0, 6)) out.push({ weekday: d, n: 0 });
    else if (d && typeof d === 'object' && isIntIn(d.weekday, 0, 6)) out.push({ weekday: d.weekday, n: d.n ?? 0 });
    else return null;
  }
  return out;
}

/** Answers why a parsed rule is outside what events accept, or null when it is inside. */
export function rruleProblem(options: RuleOptions): string | null {
  const freq = options.freq;
  if (freq === undefined || freq === null || !(freq in RRULE_MAX_INTERVAL)) return 'validation.rruleUnsupported';
  if (REFUSED_PARTS.some((key) => list(options[key] as unknown).length > 0)) return 'validation.rruleUnsupported';
  const interval = options.interval ?? 1;
  if (!isIntIn(interval, 1, RRULE_MAX_INTERVAL[freq])) return 'validation.rruleUnsupported';
  if (options.count !== undefined && options.count !== null) {
    if (!isIntIn(options.count, 1, RRULE_MAX_COUNT) || options.until) return 'validation.rruleUnsupported';
  }
  const days = weekdaysOf(options);
  const monthDays = list(options.bymonthday);
  const months = list(options.bymonth);
  const setPositions = list(options.bysetpos);
  if (!days || !monthDays.every((d) => isSignedIn(d, 31)) || !months.every((m) => isIntIn(m, 1, 12)) || !setPositions.every((p) => isSignedIn(p, 31))) {
    return 'validation.rrule';
  }
  if (days.length > 7 || monthDays.length > 31 || months.length > 12 || setPositions.length > 31) return 'validation.rrule';
  const ordinals = days.some((d) => d.n !== 0);
  if (ordinals && !days.every((d) => isSignedIn(d.n, 5))) return 'validation.rrule';
  if (setPositions.length && !days.length && !monthDays.length) return 'validation.rrule';
  switch (freq) {
    case RRule.DAILY:
    case RRule.WEEKLY:
      // Only weekday filters: every week then holds an occurrence. On a daily rule with an
      // interval, a weekday filter could miss forever ("every 7 days, on Tuesdays" from a Monday).
      if (ordinals || monthDays.length || months.length || setPositions.length) return 'validation.rruleUnsupported';
      if (freq === RRule.DAILY && days.length && interval !== 1) return 'validation.rruleUnsupported';
      return null;
    case RRule.MONTHLY:
      return null;
    default:
      // "The 2nd Sunday" of a year only with the month it is in.
      return ordinals && !months.length ? 'validation.rruleUnsupported' : null;
  }
}

/** Parses a stored or given rule; null when it cannot be read or is outside what events accept. */
export function parseAcceptedRrule(rule: string): RuleOptions | null {
  try {
    const options = RRule.parseString(rule);
    return rruleProblem(options) ? null : options;
  } catch {
    return null;
  }
}

const invalid = (message: string) => new AppError('VALIDATION_FAILED', [{ path: 'rrule', message }]);

/**
 * Parses an RRULE ("FREQ=WEEKLY;BYDAY=TU" or with the "RRULE:" prefix) for an event starting at
 * `startsAt` in `zone`, and answers it in a normal form, or a 422 naming `rrule`. DTSTART inside
 * the rule is refused: the event's start is it. A rule must produce an occurrence within
 * RRULE_MAX_SPAN_YEARS of the start (with COUNT, all of them).
 */
export function checkRrule(input: string, startsAt: Date, zone: string): string {
  const text = input.trim().replace(/^RRULE:/i, '');
  if (!text || /DTSTART|TZID|[\r\n]/i.test(text)) throw invalid('validation.rrule');
  let options: RuleOptions;
  try {
    options = RRule.parseString(text);
  } catch {
    throw invalid('validation.rrule');
  }
  const problem = rruleProblem(options);
  if (problem) throw invalid(problem);
  const normal = new RRule(options).toString().replace(/^RRULE:/, '');
  if (!comesInTime(options, normal, startsAt, zone)) throw invalid('validation.rruleTooRare');
  return normal;
}

/**
 * Whether the rule's first occurrence (with COUNT: its last) comes within RRULE_MAX_SPAN_YEARS.
 *
 * A rule that never matches makes rrule walk period after period up to its year 9999, so the probe
 * runs on the start moved into the last RRULE_MAX_SPAN_YEARS + 28 years before that: it walks at
 * most ~80 years of periods. 28 years keep the month, the weekday pattern and leap years in step
 * (but across a century year that is not a leap year, where weekdays slip by a day): close enough
 * to tell a rule that never or almost never comes from one that does.
 */
export function comesInTime(options: RuleOptions, normal: string, startsAt: Date, zone: string): boolean {
  const start = toFloating(startsAt, zone);
  const base = RRULE_MAX_YEAR - RRULE_MAX_SPAN_YEARS - 28;
  const year = base + ((((start.getUTCFullYear() - base) % 28) + 28) % 28);
  const probeStart = new Date(start);
  probeStart.setUTCFullYear(year);
  const shift = probeStart.getTime() - start.getTime();
  const until = options.until && /UNTIL=\d{8}T\d{6}Z/i.test(normal) ? toFloating(options.until, zone) : options.until;
  const rule = new RRule({ ...cheapestEquivalent(options), dtstart: probeStart, until: until ? new Date(until.getTime() + shift) : null });
  const limit = new Date(probeStart);
  limit.setUTCFullYear(year + RRULE_MAX_SPAN_YEARS);
  if (options.count) {
    const all = rule.all();
    return all.length === options.count && all[all.length - 1] <= limit;
  }
  const first = rule.after(probeStart, true);
  return first !== null && first <= limit;
}

/**
 * The same occurrences with fewer periods to walk: "daily on Mondays" is "weekly on Mondays", one
 * period a week instead of seven (a COUNT of them is counted from the start, period by period).
 */
export function cheapestEquivalent(options: RuleOptions): RuleOptions {
  const weekdays = list(options.byweekday as unknown);
  return options.freq === RRule.DAILY && (options.interval ?? 1) === 1 && weekdays.length ? { ...options, freq: RRule.WEEKLY } : options;
}
