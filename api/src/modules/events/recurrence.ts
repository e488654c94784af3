import { DateTime, IANAZone } from 'luxon';
import rrulePkg from 'rrule';
import { AppError } from '../../core/errors/app-error.js';

const { RRule } = rrulePkg;

/**
 * Recurrence in wall-clock time: "every Tuesday at 18:00 in Copenhagen" stays 18:00 across a
 * daylight-saving change. The rule runs over local times written as if they were UTC (rrule's
 * floating form), and each result is then placed in the event's zone.
 */
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

/** Occurrences may not be listed without end: a rule with neither COUNT nor UNTIL stops here. */
export const MAX_OCCURRENCES = 1000;

export const isValidZone = (zone: string): boolean => IANAZone.isValidZone(zone);

const toFloating = (instant: Date, zone: string): Date => {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
};

const fromFloating = (floating: Date, zone: string): Date =>
  DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    { zone },
  ).toJSDate();

/**
 * Parses an RRULE ("FREQ=WEEKLY;BYDAY=TU" or with the "RRULE:" prefix) and answers it in a
 * normal form, or a 422 naming the field. DTSTART inside the rule is refused: the event's start is it.
 */
export function normaliseRrule(input: string): string {
  const text = input.trim().replace(/^RRULE:/i, '');
  if (!text || /DTSTART|TZID|\n/i.test(text)) throw invalidRrule();
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined) throw invalidRrule();
    return new RRule(options).toString().replace(/^RRULE:/, '');
  } catch {
    throw invalidRrule();
  }
}

const invalidRrule = () => new AppError('VALIDATION_FAILED', [{ path: 'rrule', message: 'validation.rrule' }]);

/** Occurrences whose start falls in [from, to), oldest first. */
export function expand(event: RecurringEvent, from: Date, to: Date): Occurrence[] {
  const duration = event.endsAt.getTime() - event.startsAt.getTime();
  if (!event.rrule) {
    const overlaps = event.startsAt < to && event.endsAt > from;
    return overlaps ? [{ occurrence: event.startsAt, startsAt: event.startsAt, endsAt: event.endsAt }] : [];
  }
  const options = RRule.parseString(event.rrule);
  // A UTC UNTIL (RFC 5545 requires one when DTSTART has a TZID) is an instant: bring it into the
  // floating local time the rule runs in, or the last occurrence is lost east of Greenwich.
  if (options.until && /UNTIL=\d{8}T\d{6}Z/i.test(event.rrule)) options.until = toFloating(options.until, event.timezone);
  const rule = new RRule({ ...options, dtstart: toFloating(event.startsAt, event.timezone) });
  // Widen by a day each side in floating time, then filter on real instants.
  const floatingFrom = new Date(toFloating(from, event.timezone).getTime() - 86_400_000 - duration);
  const floatingTo = new Date(toFloating(to, event.timezone).getTime() + 86_400_000);
  const out: Occurrence[] = [];
  for (const floating of rule.between(floatingFrom, floatingTo, true)) {
    const start = fromFloating(floating, event.timezone);
    const end = new Date(start.getTime() + duration);
    if (start < to && end > from) out.push({ occurrence: start, startsAt: start, endsAt: end });
    if (out.length >= MAX_OCCURRENCES) break;
  }
  return out;
}

/** Whether `at` is one of the event's occurrences (its original start). */
export function isOccurrence(event: RecurringEvent, at: Date): boolean {
  return expand(event, new Date(at.getTime() - 1000), new Date(at.getTime() + 1000)).some((o) => o.occurrence.getTime() === at.getTime());
}

/** The floating start rrule and iCalendar want: local wall time in the event's zone. */
export const localStart = (event: RecurringEvent) => DateTime.fromJSDate(event.startsAt, { zone: event.timezone });
