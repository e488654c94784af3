import type { ClosedPeriod, HoursPeriod, OpenNow, Weekday } from './schemas/resources.schema.js';

/**
 * Open now: the one decision behind the badge and the `openNow` filter, so they cannot disagree.
 * Pure (Intl only, no Node or DOM APIs), so the web can run it too.
 *
 * Weekly hours are wall-clock times in the location's IANA zone. A period whose `closes` is not
 * after `opens` runs past midnight into the next day; `24:00` is the end of the day. A closed
 * date cancels the periods that START on it (a night that began the evening before still ends).
 * Periods that touch or overlap are joined, so "22:00–24:00" and "00:00–08:00" close at 08:00.
 */
export interface OpeningSchedule {
  timezone: string;
  hours: readonly HoursPeriod[];
  closed?: readonly ClosedPeriod[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How far ahead "opens Tuesday 09:00" looks. */
const HORIZON_DAYS = 14;
const WEEKDAY_INDEX: Record<Weekday, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };

/**
 * Zones remembered at once. A page names a handful, but the web takes the reader's zone from a
 * cookie, where any spelling Intl accepts ("eUrOpE/bUdApEsT") is one more zone: the bound keeps
 * those from growing memory.
 */
const MAX_CACHED_ZONES = 200;
function rememberZone<T>(cache: Map<string, T>, zone: string, value: T): T {
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size >= MAX_CACHED_ZONES) cache.delete(cache.keys().next().value as string);
  cache.set(zone, value);
  return value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone, the UTC offset of each UTC hour it keeps throughout, or NaN when it changes inside it. */
const hourOffsets = new Map<string, Map<number, number>>();

/** How many zones have a formatter and remembered offsets, for tests of the bound. */
export function rememberedZoneCount(): { formatters: number; offsets: number } {
  return { formatters: formatters.size, offsets: hourOffsets.size };
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    rememberZone(formatters, zone, f);
  }
  return f;
}

/** The wall-clock time at an instant, asked of Intl (slow: a formatToParts call). */
function toFloatingByIntl(instant: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) + (instant % 1000 + 1000) % 1000;
}

const HOUR_MS = 3_600_000;
/** Remembered hours per zone before that zone's memory is cleared (bounds memory). */
const MAX_CACHED_HOURS = 20_000;

/**
 * The offset the zone keeps for the whole UTC hour, else NaN. Asked of Intl at the hour's first and
 * last second: equal answers mean no change within it (zones change at most once in an hour), so
 * every instant of that hour has that offset — exactly what Intl would say for it.
 */
function hourOffset(hour: number, zone: string): number {
  const hours = hourOffsets.get(zone) ?? rememberZone(hourOffsets, zone, new Map<number, number>());
  let offset = hours.get(hour);
  if (offset === undefined) {
    if (hours.size >= MAX_CACHED_HOURS) hours.clear();
    const start = hour * HOUR_MS;
    const first = toFloatingByIntl(start, zone) - start;
    const last = toFloatingByIntl(start + HOUR_MS - 1000, zone) - (start + HOUR_MS - 1000);
    offset = first === last ? first : NaN;
    hours.set(hour, offset);
  }
  return offset;
}

/**
 * The wall-clock time at an instant, written as if it were UTC ("floating" milliseconds). The
 * open-now badge asks this dozens of times per location, so offsets are remembered per UTC hour;
 * an hour with a change in it is asked of Intl instant by instant.
 */
export function toFloating(instant: number, zone: string): number {
  const offset = hourOffset(Math.floor(instant / HOUR_MS), zone);
  return Number.isNaN(offset) ? toFloatingByIntl(instant, zone) : instant + offset;
}

const offsetAt = (instant: number, zone: string) => toFloating(instant, zone) - instant;

/**
 * The instant a wall-clock time happens. Twice (autumn): the second, in standard time, as luxon
 * and the events' recurrences read it. Never (the spring gap): the same distance after the gap's
 * start, as clocks are set forward (02:30 becomes 03:30).
 */
export function fromFloating(floating: number, zone: string): number {
  const before = offsetAt(floating - DAY_MS, zone);
  const after = offsetAt(floating + DAY_MS, zone);
  const candidates = [floating - Math.min(before, after), floating - Math.max(before, after)];
  for (const c of candidates) if (offsetAt(c, zone) === floating - c) return c;
  return floating - before;
}

/**
 * The instant a wall-clock time has in a zone, by luxon's rule, which the events' recurrences have
 * always used (the API's floating-time.ts; the web's event forms use it too, so both agree): guess
 * with the offset in force at the instant that reads as that wall time in UTC, then correct. A
 * time the spring change skips moves forward by the jump (02:30 becomes 03:30); a time the autumn
 * change repeats takes the offset of that guess: east of Greenwich the second (standard time),
 * west of it the first. `fromFloating`, for opening hours, takes the second everywhere.
 */
export function wallClockToInstant(floating: number, zone: string): number {
  const o = offsetAt(floating, zone);
  let guess = floating - o;
  const o2 = offsetAt(guess, zone);
  if (o === o2) return guess;
  guess -= o2 - o;
  const o3 = offsetAt(guess, zone);
  if (o2 === o3) return guess;
  return floating - Math.min(o2, o3);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** Monday = 0 for a floating day start. */
const weekdayOf = (floatingDay: number) => (new Date(floatingDay).getUTCDay() + 6) % 7;
const dateOf = (floatingDay: number) => new Date(floatingDay).toISOString().slice(0, 10);

/** Opening intervals as instants [start, end), joined, for local days from `fromDay` over `days` days. */
function intervals(s: OpeningSchedule, fromDay: number, days: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < days; i++) {
    const day = fromDay + i * DAY_MS;
    // The date string only when there are closed dates to compare it with (most schedules have none).
    if (s.closed?.length) {
      const date = dateOf(day);
      if (s.closed.some((c) => c.from <= date && date <= c.to)) continue;
    }
    const wd = weekdayOf(day);
    for (const p of s.hours) {
      if (!p.days.some((d) => WEEKDAY_INDEX[d] === wd)) continue;
      const opens = minutesOf(p.opens);
      let closes = minutesOf(p.closes);
      if (closes <= opens) closes += 24 * 60;
      const start = fromFloating(day + opens * MINUTE_MS, s.timezone);
      const end = fromFloating(day + closes * MINUTE_MS, s.timezone);
      if (end > start) out.push([start, end]);
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const iv of out) {
    const last = joined[joined.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else joined.push([iv[0], iv[1]]);
  }
  return joined;
}

/** Open, closed or unknown (no hours given) at an instant; with when it closes or next opens. */
export function openNow(s: OpeningSchedule, at: Date): OpenNow {
  if (s.hours.length === 0) return { state: 'unknown' };
  const t = at.getTime();
  const local = toFloating(t, s.timezone);
  const today = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  // From two days back (a period started yesterday evening may still run). Most answers are
  // decided within a few days; only then is the whole horizon worked out.
  const from = today - 2 * DAY_MS;
  for (const days of [5, HORIZON_DAYS + 3]) {
    const ivs = intervals(s, from, days);
    const rangeEnd = fromFloating(from + days * DAY_MS, s.timezone);
    const current = ivs.find(([a, b]) => a <= t && t < b);
    if (current && current[1] < rangeEnd) return { state: 'open', until: new Date(current[1]).toISOString() };
    if (current && days > 5) return { state: 'open' };
    const next = !current && ivs.find(([a]) => a > t);
    if (next) return { state: 'closed', nextOpensAt: new Date(next[0]).toISOString() };
    if (!current && days > 5) return { state: 'closed' };
  }
  return { state: 'closed' };
}

/**
 * A resource's badge: closed when it is not active; else open if any location is open (closing
 * last), else the soonest opening; unknown only when no location has hours.
 */
export function resourceOpenNow(status: string, locations: readonly OpeningSchedule[], at: Date): OpenNow {
  return combineOpenNow(status, status === 'active' ? locations.map((l) => openNow(l, at)) : []);
}

/**
 * resourceOpenNow from its locations' own answers (`openNow` of each, at one instant), for callers
 * that show those answers too: the directory list works each location out once, not twice.
 */
export function combineOpenNow(status: string, each: readonly OpenNow[]): OpenNow {
  if (status !== 'active') return { state: 'closed' };
  const open = each.filter((o) => o.state === 'open');
  if (open.length) return open.some((o) => !o.until) ? { state: 'open' } : { state: 'open', until: open.map((o) => o.until!).sort().at(-1)! };
  const closed = each.filter((o) => o.state === 'closed');
  if (!closed.length) return { state: 'unknown' };
  const next = closed.map((o) => o.nextOpensAt).filter((x): x is string => !!x).sort()[0];
  return next ? { state: 'closed', nextOpensAt: next } : { state: 'closed' };
}

export const WEEK_MINUTES = 7 * 24 * 60;
/** Slack around each period for the SQL prefilter: more than any daylight-saving shift. */
export const PREFILTER_SLACK_MINUTES = 90;

/**
 * Minute-of-week windows [start, end) (Monday 00:00 = 0) covering every period widened by the
 * slack, split where they wrap past Sunday. The database keeps them as a multirange so the open-now
 * filter can take a superset of candidates by the local minute of week, and `openNow` decides.
 */
export function weeklyWindows(hours: readonly HoursPeriod[], slack = PREFILTER_SLACK_MINUTES): [number, number][] {
  const out: [number, number][] = [];
  for (const p of hours) {
    const opens = minutesOf(p.opens);
    let closes = minutesOf(p.closes);
    if (closes <= opens) closes += 24 * 60;
    for (const d of p.days) {
      const start = WEEKDAY_INDEX[d] * 24 * 60 + opens - slack;
      const end = WEEKDAY_INDEX[d] * 24 * 60 + closes + slack;
      if (end - start >= WEEK_MINUTES) return [[0, WEEK_MINUTES]];
      const a = ((start % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
      const b = a + (end - start);
      if (b <= WEEK_MINUTES) out.push([a, b]);
      else out.push([a, WEEK_MINUTES], [0, b - WEEK_MINUTES]);
    }
  }
  return out;
}

/** The local minute of the week at an instant (Monday 00:00 = 0), as the prefilter computes it. */
export function minuteOfWeek(at: Date, zone: string): number {
  const local = toFloating(at.getTime(), zone);
  const day = Math.floor(local / DAY_MS) * DAY_MS;
  return weekdayOf(day) * 24 * 60 + Math.floor((local - day) / MINUTE_MS);
}
