/**
 * The directory's remembered words: a card's open-now badge, the names of languages and countries
 * and the days of its hours read exactly as freshly built Intl formatters would write them, the
 * first time and every time after, in every shipped language and in the place's own time zone.
 */
import { describe, expect, it } from '@jest/globals';
import type { TFunction } from 'i18next';
import { countryName, daysText, languageName, openNowText, weekdayName, type OpenNow } from '../../web/app/components/resources/format.js';
import { DISPLAYED_NAMES_KEPT, displayedNameCount, intlLocale } from '../../web/app/utils/intl-format.js';

const LOCALES = ['en', 'hu', 'sr', 'da', 'fi', 'sl'];
const ZONES = ['Europe/Budapest', 'Europe/Helsinki', 'America/New_York', 'Asia/Kathmandu'];

/** The key and its values, so a test sees which words were chosen and what went into them. */
const t = ((key: string, options: Record<string, unknown>) => `${key} ${JSON.stringify(options)}`) as unknown as TFunction;

/** The badge as it read before anything was remembered: every date through a new formatter. */
function expectedText(openNow: OpenNow, zone: string, locale: string, reference: string): string {
  const fresh = (options: Intl.DateTimeFormatOptions, iso: string, tag = intlLocale(locale)) =>
    new Intl.DateTimeFormat(tag, { ...options, timeZone: zone }).format(new Date(iso));
  const day = (iso: string) => fresh({}, iso, 'en-CA');
  const time = (iso: string) => fresh({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, iso);
  const weekday = (iso: string) => fresh({ weekday: 'long' }, iso);
  const at = openNow.state === 'open' ? openNow.until : openNow.nextOpensAt;
  if (openNow.state === 'unknown' || !at) return t(openNow.state === 'open' ? 'badge.openAllDay' : openNow.state === 'closed' ? 'badge.closed' : 'badge.unknown', { ns: 'resources' });
  const minutes = Math.max(1, Math.round((Date.parse(at) - Date.parse(reference)) / 60_000));
  if (openNow.state === 'open' && minutes <= 120) return t('badge.closesIn', { ns: 'resources', count: minutes });
  const sameDay = day(at) === day(reference);
  if (openNow.state === 'open') return sameDay ? t('badge.openUntil', { ns: 'resources', time: time(at) }) : t('badge.openUntilDay', { ns: 'resources', day: weekday(at), time: time(at) });
  return sameDay ? t('badge.opensToday', { ns: 'resources', time: time(at) }) : t('badge.opensOn', { ns: 'resources', day: weekday(at), time: time(at) });
}

describe('the directory’s remembered words', () => {
  it('write each badge as fresh formatters would, in every language and zone, twice over', () => {
    // References on both sides of midnight in each zone, and a daylight-saving change in Europe.
    const references = ['2026-03-28T21:30:00Z', '2026-03-29T00:30:00Z', '2026-06-01T03:50:00Z', '2026-06-01T22:10:00Z', '2026-10-25T00:59:00Z'];
    const offsetsMinutes = [30, 125, 300, 700, 1500, 3000];
    let checked = 0;
    for (let round = 0; round < 2; round++)
      for (const locale of LOCALES)
        for (const zone of ZONES)
          for (const reference of references)
            for (const minutes of offsetsMinutes) {
              const at = new Date(Date.parse(reference) + minutes * 60_000).toISOString();
              for (const openNow of [{ state: 'open', until: at }, { state: 'closed', nextOpensAt: at }] as OpenNow[]) {
                expect(openNowText(t, openNow, zone, locale, reference)).toBe(expectedText(openNow, zone, locale, reference));
                checked += 1;
              }
            }
    expect(checked).toBe(2 * LOCALES.length * ZONES.length * 5 * 6 * 2);
  });

  it('keep one reference instant’s day apart per zone: 23:30 in Helsinki is already tomorrow', () => {
    // 21:30 UTC: 23:30 in Helsinki (UTC+2 in winter), 16:30 in New York. Opening at 23:00 UTC is
    // tomorrow in Helsinki and today in New York, for the very same reference.
    const reference = '2026-01-15T21:30:00Z';
    const opens = { state: 'closed', nextOpensAt: '2026-01-15T23:00:00Z' } as const;
    expect(openNowText(t, opens, 'America/New_York', 'en', reference)).toBe(t('badge.opensToday', { ns: 'resources', time: '18:00' }));
    expect(openNowText(t, opens, 'Europe/Helsinki', 'en', reference)).toBe(t('badge.opensOn', { ns: 'resources', day: 'Friday', time: '01:00' }));
    expect(openNowText(t, opens, 'America/New_York', 'en', reference)).toBe(t('badge.opensToday', { ns: 'resources', time: '18:00' }));
  });

  it('name languages, countries and weekdays as Intl does, a code Intl refuses as itself (a country’s upper-cased)', () => {
    for (let round = 0; round < 2; round++)
      for (const locale of LOCALES) {
        const languages = new Intl.DisplayNames([intlLocale(locale)], { type: 'language' });
        const regions = new Intl.DisplayNames([intlLocale(locale)], { type: 'region' });
        for (const code of ['hu', 'sr', 'da', 'fi', 'sl', 'en', 'ar', 'uk', 'ti', 'ps']) expect(languageName(code, locale)).toBe(languages.of(code));
        for (const code of ['hu', 'RS', 'dk', 'FI', 'si']) expect(countryName(code, locale)).toBe(regions.of(code.toUpperCase()));
        const short = new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'short', timeZone: 'UTC' });
        expect(weekdayName('MO', locale, 'short')).toBe(short.format(new Date(Date.UTC(2024, 0, 1, 12))));
        expect(daysText(['MO', 'TU', 'WE', 'SA'], locale)).toBe(`${short.format(new Date(Date.UTC(2024, 0, 1, 12)))}–${short.format(new Date(Date.UTC(2024, 0, 3, 12)))}, ${short.format(new Date(Date.UTC(2024, 0, 6, 12)))}`);
      }
    expect(languageName('not a code', 'en')).toBe('not a code');
    expect(countryName('x1', 'en')).toBe('X1');
    // Serbian in Latin script, as everywhere else.
    expect(languageName('hu', 'sr')).toBe('mađarski');
  });

  it('remember a bounded number of names', () => {
    // Codes from data (a language an organisation listed) are not a fixed set.
    for (let i = 0; i <= DISPLAYED_NAMES_KEPT + 10; i++) languageName(`q${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26) % 26)}`, LOCALES[i % LOCALES.length]);
    expect(displayedNameCount()).toBeLessThanOrEqual(DISPLAYED_NAMES_KEPT);
    expect(displayedNameCount()).toBeGreaterThan(0);
    expect(languageName('fi', 'hu')).toBe(new Intl.DisplayNames(['hu'], { type: 'language' }).of('fi'));
  });
});
