/**
 * The web's cached Intl formatters print exactly what a freshly built formatter prints, for every
 * shipped language and several time zones, and the cache stays bounded and builds each formatter once.
 */
import { describe, expect, it } from '@jest/globals';
import { FORMATTED_DATES_KEPT, cachedFormatterCount, dateTimeFormat, displayNames, formatCountdown, formatDateTime, formattedDateCount, intlLocale, numberFormat } from '../../web/app/utils/intl-format.js';

const LOCALES = ['en', 'hu', 'sr', 'da', 'fi', 'sl'];
const ZONES = [undefined, 'UTC', 'Europe/Budapest', 'Europe/Helsinki', 'America/New_York', 'Asia/Kathmandu'];
const STYLES: Intl.DateTimeFormatOptions[] = [
  { dateStyle: 'medium', timeStyle: 'short' },
  { dateStyle: 'medium' },
  { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
];
// Across a DST change in Europe and the US, and a leap day.
const DATES = ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-11-01T06:30:00Z', '2028-02-29T23:59:00Z'].map((d) => new Date(d));

describe('cached Intl formatters', () => {
  it('format dates exactly as an uncached formatter in every locale, zone and style', () => {
    for (const locale of LOCALES)
      for (const timeZone of ZONES)
        for (const style of STYLES) {
          const options = { ...style, timeZone };
          const fresh = new Intl.DateTimeFormat(intlLocale(locale), options);
          for (const date of DATES) {
            expect(dateTimeFormat(locale, options).format(date)).toBe(fresh.format(date));
          }
        }
  });

  it('keep zones apart: the same instant is a different hour in Budapest and New York', () => {
    const at = new Date('2026-06-01T12:00:00Z');
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    expect(dateTimeFormat('en', { ...time, timeZone: 'Europe/Budapest' }).format(at)).toBe('14:00');
    expect(dateTimeFormat('en', { ...time, timeZone: 'America/New_York' }).format(at)).toBe('08:00');
  });

  it('write Serbian in Latin script and numbers with each language’s separators', () => {
    expect(dateTimeFormat('sr', { month: 'long', timeZone: 'UTC' }).format(new Date('2026-06-01T00:00:00Z'))).toBe('jun');
    for (const locale of LOCALES) {
      for (const value of [0, 7, 1234, 1234567.5, -42]) {
        expect(numberFormat(locale).format(value)).toBe(new Intl.NumberFormat(intlLocale(locale)).format(value));
      }
    }
    expect(numberFormat('hu').format(1234567)).not.toBe(numberFormat('en').format(1234567));
  });

  it('name languages and countries as an uncached Intl.DisplayNames does, shared per language and kind, Serbian in Latin', () => {
    for (const locale of LOCALES) {
      const languages = displayNames(locale, { type: 'language' });
      const regions = displayNames(locale, { type: 'region' });
      expect(displayNames(locale, { type: 'language' })).toBe(languages);
      expect(regions).not.toBe(languages);
      for (const code of ['hu', 'da', 'fi', 'sr', 'sl', 'en', 'uk', 'ar']) expect(languages.of(code)).toBe(new Intl.DisplayNames([intlLocale(locale)], { type: 'language' }).of(code));
      for (const code of ['HU', 'DK', 'FI', 'RS', 'SI']) expect(regions.of(code)).toBe(new Intl.DisplayNames([intlLocale(locale)], { type: 'region' }).of(code));
    }
    expect(displayNames('sr', { type: 'language' }).of('hu')).toBe('mađarski');
  });

  it('reuse one formatter for the same options in any key order', () => {
    const a = dateTimeFormat('fi', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const b = dateTimeFormat('fi', { timeZone: 'UTC', timeStyle: 'short', dateStyle: 'medium' });
    expect(b).toBe(a);
    expect(dateTimeFormat('fi', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' })).not.toBe(a);
  });

  it('stay bounded however many distinct zones are asked for', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const before = cachedFormatterCount();
    for (const dateStyle of ['short', 'long'] as const) for (const timeZone of zones) dateTimeFormat('en', { dateStyle, timeZone });
    expect(zones.length * 2).toBeGreaterThan(before + 600);
    // The date cache holds at most 500, the number cache a handful.
    expect(cachedFormatterCount()).toBeLessThanOrEqual(520);
    // Evicted entries are rebuilt, still correct.
    const first = zones[0];
    expect(dateTimeFormat('en', { dateStyle: 'short', timeZone: first }).format(DATES[0])).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'short', timeZone: first }).format(DATES[0]));
  });

  it('build ICU formatters once, not once per date printed', () => {
    // The speed itself is measured by `npm run bench -- pages`; here we count the expensive part.
    const options = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Warsaw' } as const;
    const real = Intl.DateTimeFormat;
    let built = 0;
    const counting = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      built += 1;
      return new real(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    Intl.DateTimeFormat = counting;
    try {
      for (let i = 0; i < 300; i++) dateTimeFormat('hu', options).format(DATES[i % DATES.length]);
    } finally {
      Intl.DateTimeFormat = real;
    }
    expect(built).toBe(1);
  });

  it('print a date the same the first time and every time after, in every locale and named zone', () => {
    const medium = { dateStyle: 'medium', timeStyle: 'short' } as const;
    for (let round = 0; round < 2; round++)
      for (const locale of LOCALES)
        for (const timeZone of ZONES.filter((zone) => zone !== undefined))
          for (const date of DATES) {
            const fresh = new Intl.DateTimeFormat(intlLocale(locale), { ...medium, timeZone }).format(date);
            expect(formatDateTime(date.toISOString(), locale, timeZone)).toBe(fresh);
          }
    // One instant, two zones: remembered apart.
    const budapest = formatDateTime('2026-06-01T12:00:00Z', 'en', 'Europe/Budapest');
    expect(budapest).toBe(new Intl.DateTimeFormat('en', { ...medium, timeZone: 'Europe/Budapest' }).format(new Date('2026-06-01T12:00:00Z')));
    expect(formatDateTime('2026-06-01T12:00:00Z', 'en', 'America/New_York')).not.toBe(budapest);
    // Without a zone, the runtime's own; nothing printed, or nothing sensible, stays empty.
    expect(formatDateTime('2026-06-01T12:00:00Z', 'da')).toBe(new Intl.DateTimeFormat('da', medium).format(new Date('2026-06-01T12:00:00Z')));
    expect(formatDateTime(null, 'en', 'UTC')).toBe('');
    expect(formatDateTime('not a date', 'en', 'UTC')).toBe('');
  });

  it('remember a bounded number of printed dates', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i <= FORMATTED_DATES_KEPT + 10; i++) formatDateTime(new Date(start + i * 60_000).toISOString(), 'fi', 'Europe/Helsinki');
    expect(formattedDateCount()).toBeLessThanOrEqual(FORMATTED_DATES_KEPT);
    expect(formattedDateCount()).toBeGreaterThan(0);
    expect(formatDateTime(new Date(start).toISOString(), 'fi', 'Europe/Helsinki')).toBe(
      new Intl.DateTimeFormat('fi', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(new Date(start)),
    );
  });

  it('count a wait down in seconds while it is short, then in minutes, hours and days, never less than is left', () => {
    const en = (seconds: number) => formatCountdown(seconds, 'en');
    expect([en(0.2), en(5.1), en(90), en(91), en(5400), en(5401), en(172_800), en(172_801)]).toEqual([
      'in 1 second',
      'in 6 seconds',
      'in 90 seconds',
      'in 2 minutes',
      'in 90 minutes',
      'in 2 hours',
      'in 48 hours',
      'in 3 days',
    ]);
    for (const locale of LOCALES) {
      expect(formatCountdown(42, locale)).toBe(new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'always' }).format(42, 'second'));
    }
    expect(formatCountdown(42, 'sr')).toBe('za 42 sekunde');
  });
});
