import type { TFunction } from 'i18next';
import { dateTimeFormat, displayName, numberFormat, rememberedDate } from '~/utils/intl-format';
import { lasting } from '~/utils/lasting-values';

/** The days as the API writes them, Monday first. */
export const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type DayCode = (typeof DAY_CODES)[number];

/** 1 January 2024 was a Monday: day i of the week is that date plus i, named by Intl in any language. */
export function weekdayName(day: DayCode, locale: string, style: 'long' | 'short' = 'long'): string {
  return rememberedDate(`resources.weekdayName\u0000${style}\u0000${locale}\u0000${day}`, () =>
    dateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + DAY_CODES.indexOf(day), 12))),
  );
}

export interface OpenNow {
  state: 'open' | 'closed' | 'unknown';
  until?: string | null;
  nextOpensAt?: string | null;
}

/*
 * The badge's times, remembered (the zone is always named): the same opening times are on every
 * page, and each ICU call with a zone cost more than the rest of its card's badge.
 */
const print = (iso: string, locale: string, zone: string, options: Intl.DateTimeFormatOptions) =>
  dateTimeFormat(locale, { ...options, timeZone: zone }).format(new Date(iso));
const remembered = (style: string, iso: string, locale: string, zone: string, options: Intl.DateTimeFormatOptions) =>
  // The prefix keeps these apart from other modules' entries in the one cache of printed dates.
  rememberedDate(`resources.${style}\u0000${locale}\u0000${zone}\u0000${iso}`, () => print(iso, locale, zone, options));
const clock = (iso: string, locale: string, zone: string) => remembered('clock', iso, locale, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekday = (iso: string, locale: string, zone: string) => remembered('weekday', iso, locale, zone, { weekday: 'long' });
/** A day as YYYY-MM-DD in the zone, for comparing days. */
const DAY = { locale: 'en-CA', options: {} } as const;
const dayOf = (iso: string, zone: string) => remembered('day', iso, DAY.locale, zone, DAY.options);

/**
 * The reference instant's day, per zone. It is a new instant on every page, so remembering it with
 * the times above would only push them out; but all 20 cards of a page ask for it.
 */
const referenceDays = new Map<string, { iso: string; day: string }>();
function referenceDayOf(iso: string, zone: string): string {
  const last = referenceDays.get(zone);
  if (last?.iso === iso) return last.day;
  const day = print(iso, DAY.locale, zone, DAY.options);
  // Bounded by the zones of the places listed; the guard is for odd data.
  if (referenceDays.size >= 100) referenceDays.clear();
  referenceDays.set(zone, { iso, day });
  return day;
}

/** Within two hours of closing the minutes matter more than the clock ("closes in 40 min"). */
const COUNTDOWN_MINUTES = 120;

/**
 * The badge's words, from the API's one open-now answer (the same one its openNow filter uses), as
 * the clock reads at the place: "Open, closes in 40 min", "Closed, opens Tuesday 09:00".
 * `reference` is the instant the answer was computed for (now, or the `at` asked for). The days
 * and times are the same for every reader, so the server remembers the badges (`lasting`).
 */
export function openNowText(t: TFunction, openNow: OpenNow, zone: string, locale: string, reference: string): string {
  if (openNow.state === 'open') {
    if (!openNow.until) return t('badge.openAllDay', { ns: 'resources' });
    const minutes = Math.max(1, Math.round((Date.parse(openNow.until) - Date.parse(reference)) / 60_000));
    if (minutes <= COUNTDOWN_MINUTES) return t('badge.closesIn', { ns: 'resources', count: minutes });
    if (dayOf(openNow.until, zone) === referenceDayOf(reference, zone)) return t('badge.openUntil', lasting({ ns: 'resources', time: clock(openNow.until, locale, zone) }));
    return t('badge.openUntilDay', lasting({ ns: 'resources', day: weekday(openNow.until, locale, zone), time: clock(openNow.until, locale, zone) }));
  }
  if (openNow.state === 'closed') {
    if (!openNow.nextOpensAt) return t('badge.closed', { ns: 'resources' });
    if (dayOf(openNow.nextOpensAt, zone) === referenceDayOf(reference, zone)) return t('badge.opensToday', lasting({ ns: 'resources', time: clock(openNow.nextOpensAt, locale, zone) }));
    return t('badge.opensOn', lasting({ ns: 'resources', day: weekday(openNow.nextOpensAt, locale, zone), time: clock(openNow.nextOpensAt, locale, zone) }));
  }
  return t('badge.unknown', { ns: 'resources' });
}

/** "Mon, Tue, Wed" or "Mon–Fri" for a run of three or more days in a row. */
export function daysText(days: readonly string[], locale: string): string {
  const indexes = DAY_CODES.map((code, i) => (days.includes(code) ? i : -1)).filter((i) => i >= 0);
  const runs: number[][] = [];
  for (const i of indexes) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === i - 1) last.push(i);
    else runs.push([i]);
  }
  const name = (i: number) => weekdayName(DAY_CODES[i], locale, 'short');
  return runs.map((run) => (run.length >= 3 ? `${name(run[0])}–${name(run[run.length - 1])}` : run.map(name).join(', '))).join(', ');
}

export function formatDate(iso: string, locale: string, zone?: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale, { dateStyle: 'long', timeZone: iso.length === 10 ? 'UTC' : zone }).format(date);
}

export function formatDistance(km: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
}

/** A language's own name in the reader's language ("Hungarian", "magyar"). */
export function languageName(code: string, locale: string): string {
  return displayName(locale, 'language', code);
}

export function countryName(code: string, locale: string): string {
  return displayName(locale, 'region', code.toUpperCase());
}

/** Directions without a map on our pages: the phone's map app (geo:), or OpenStreetMap's router. */
export function directionLinks(lat: number, lng: number): { geo: string; osm: string } {
  const point = `${lat.toFixed(5)},${lng.toFixed(5)}`;
  return { geo: `geo:${point}`, osm: `https://www.openstreetmap.org/directions?route=%3B${encodeURIComponent(point)}` };
}
