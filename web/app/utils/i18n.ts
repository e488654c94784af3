import { numberFormat, relativeTimeFormat } from './intl-format';
import { lasting } from './lasting-values';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from '@sorstars/shared';

/** Every namespace the web uses; all are small, so each page loads them all. */
export const NAMESPACES = ['common', 'accounts', 'errors', 'spaces', 'chat', 'stories', 'events', 'moderation', 'resources', 'organizations', 'taxonomy', 'mentoring', 'circle', 'experts', 'registrations', 'handbook'] as const;

/** i18next options shared by the server render and the browser, so both produce the same text. */
export const i18nOptions = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: 'common',
  ns: [...NAMESPACES],
  // React already escapes what it renders; escaping twice would show "&amp;" to people.
  interpolation: { escapeValue: false },
};

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}

/**
 * A plural text's values: the count, and the number as the reader's language writes it. The same
 * for every reader, so the server remembers the text across pages (`lasting`).
 */
export function countValues(count: number, locale: string): { count: number; formatted: string } {
  return lasting({ count, formatted: formatNumber(count, locale) });
}

/** "in 12 minutes", in the person's language: when a throttled person may try again. */
export function formatWait(seconds: number, locale: string): string {
  return relativeTimeFormat(locale).format(Math.max(1, Math.ceil(seconds / 60)), 'minute');
}

/** Dates print through intl-format's caches; pages import them from here with the rest. */
export { formatCountdown, formatDateTime } from './intl-format';
export type { Locale };
