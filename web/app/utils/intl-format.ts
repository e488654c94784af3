/*
 * Cached Intl formatters. Building an Intl.DateTimeFormat costs ~150 µs of ICU work (and native
 * memory) against ~1 µs to reuse one, and a page formats dozens of dates, so every date and number
 * the web prints goes through these caches. A formatter is immutable, so sharing one between
 * requests is safe. The key covers everything that changes the output: locale, zone and options.
 */

/** Enough for every locale × zone × style the site uses; the bound only guards against odd zones. */
const MAX_CACHED = 500;

/**
 * The tag to give Intl for dates and numbers. Plain "sr" makes Intl write Cyrillic, but we ship
 * Serbian in Latin script, so numbers and dates must follow suit.
 */
export function intlLocale(locale: string): string {
  return locale === 'sr' ? 'sr-Latn' : locale;
}

/**
 * The same options in any key order give the same key; undefined fields are left out. Built by
 * hand (Intl options are flat and primitive): a page asks for it once per date it prints.
 */
function cacheKey(locale: string, options: object): string {
  const values = options as Record<string, unknown>;
  let key = locale;
  for (const name of Object.keys(values).sort()) {
    const value = values[name];
    if (value !== undefined) key += `\u0000${name}\u0001${typeof value}\u0001${String(value)}`;
  }
  return key;
}

function cached<T>(cache: Map<string, T>, key: string, create: () => T, limit = MAX_CACHED): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    // Oldest first out: a Map iterates in insertion order.
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
  }
  return value;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const displayNameFormats = new Map<string, Intl.DisplayNames>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** A shared Intl.DateTimeFormat; without options.timeZone, the runtime's own zone is used. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cached(dateFormats, cacheKey(locale, options), () => new Intl.DateTimeFormat(intlLocale(locale), options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, cacheKey(locale, options), () => new Intl.NumberFormat(intlLocale(locale), options));
}

/** A shared Intl.DisplayNames: the names of languages or countries in the reader's language. */
export function displayNames(locale: string, options: Intl.DisplayNamesOptions): Intl.DisplayNames {
  return cached(displayNameFormats, cacheKey(locale, options), () => new Intl.DisplayNames([intlLocale(locale)], options));
}

/** A shared Intl.RelativeTimeFormat ("in 42 seconds"). */
export function relativeTimeFormat(locale: string, options: Intl.RelativeTimeFormatOptions = { numeric: 'always' }): Intl.RelativeTimeFormat {
  return cached(relativeTimeFormats, cacheKey(locale, options), () => new Intl.RelativeTimeFormat(intlLocale(locale), options));
}

/**
 * "in 42 seconds", "in 9 minutes", "in 2 hours", "in 3 days": a wait that counts down, in seconds while it is
 * short, rounded up so it never says less than is left.
 */
export function formatCountdown(seconds: number, locale: string): string {
  const format = relativeTimeFormat(locale);
  if (seconds <= 90) return format.format(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds <= 90 * 60) return format.format(Math.ceil(seconds / 60), 'minute');
  if (seconds <= 48 * 3600) return format.format(Math.ceil(seconds / 3600), 'hour');
  return format.format(Math.ceil(seconds / 86_400), 'day');
}

/** How many formatters are held, for tests of the bound. */
export function cachedFormatterCount(): number {
  return dateFormats.size + numberFormats.size + displayNameFormats.size + relativeTimeFormats.size;
}

/**
 * The text of dates already printed. A space page prints the same 50 message times for every
 * reader who opens it, and each ICU format call cost more than the rest of a message's markup
 * (2 % of the web's CPU on that page).
 */
const formattedDates = new Map<string, string>();
export const FORMATTED_DATES_KEPT = 10_000;

/**
 * A date's text as `print` writes it, remembered under `key`, which must name everything the text
 * depends on (the style, the locale, a named zone and the date). Only for a named zone: the
 * runtime's own can change under a long-lived browser tab.
 */
export function rememberedDate(key: string, print: () => string): string {
  return cached(formattedDates, key, print, FORMATTED_DATES_KEPT);
}

/** Without a timeZone, the runtime's own is used (the server's, or the browser's). */
export function formatDateTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return '';
  const print = () => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? '' : dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
  };
  return timeZone === undefined ? print() : rememberedDate(`dateTime\u0000${locale}\u0000${timeZone}\u0000${value}`, print);
}

/**
 * The names of languages and countries already printed. The directory's search form names 16
 * languages on every page, and each card its languages: an ICU look-up each, every time.
 */
const displayedNames = new Map<string, string>();
export const DISPLAYED_NAMES_KEPT = 2_000;

/** A code's name in the reader's language ("Hungarian", "magyar"); a code ICU refuses is its own name. */
export function displayName(locale: string, type: 'language' | 'region', code: string): string {
  return cached(displayedNames, `${type}\u0000${locale}\u0000${code}`, () => {
    try {
      return displayNames(locale, { type }).of(code) ?? code;
    } catch {
      return code;
    }
  }, DISPLAYED_NAMES_KEPT);
}

/** How many printed dates are remembered, for tests of the bound. */
export function formattedDateCount(): number {
  return formattedDates.size;
}

/** How many printed names are remembered, for tests of the bound. */
export function displayedNameCount(): number {
  return displayedNames.size;
}
