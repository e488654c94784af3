/** The six languages every string ships in. The first is the fallback. */
export const SUPPORTED_LOCALES = ['en', 'hu', 'sr', 'da', 'fi', 'sl'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  hu: 'Magyar',
  sr: 'Srpski',
  da: 'Dansk',
  fi: 'Suomi',
  sl: 'Slovenščina',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}
