import { RemixI18Next } from 'remix-i18next/server';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, isLocale, type Locale } from '@sorstars/shared';
import type { Resource } from 'i18next';
import { i18nOptions } from './i18n';

/**
 * All translations, read from the repository's top-level locales/ folder at build time. The API
 * reads the same files, so a message means the same thing wherever it is shown.
 */
const files = import.meta.glob<Record<string, unknown>>('../../../locales/*/*.json', {
  eager: true,
  import: 'default',
});

export const resources: Resource = {};
for (const [file, content] of Object.entries(files)) {
  const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (!match) continue;
  const [, lng, ns] = match;
  resources[lng] ??= {};
  resources[lng][ns] = content;
}

export const LANGUAGE_COOKIE = 'lng';
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** Reads the plain `lng=hu` cookie (kept readable on purpose, so tests and people can set it). */
export function languageFromCookie(request: Request): Locale | null {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LANGUAGE_COOKIE) {
      const value = decodeURIComponent(rest.join('='));
      return isLocale(value) ? value : null;
    }
  }
  return null;
}

export function serializeLanguageCookie(locale: Locale): string {
  return `${LANGUAGE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
}

/** Detects a visitor's language: the `lng` cookie first, then Accept-Language, then English. */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    order: ['custom', 'header'],
    findLocale: async (request) => languageFromCookie(request),
  },
  i18next: { ...i18nOptions, resources },
});

/**
 * The language a page is shown in. A signed-in person's own choice wins over the browser's, and
 * the `lng` cookie keeps a visitor's choice without an account.
 */
export async function resolveLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  if (isLocale(userLocale)) return userLocale;
  return languageFromCookie(request) ?? localeForHeader(request);
}

/*
 * Without a cookie the answer depends on Accept-Language alone, and browsers send a handful of
 * distinct values: parsing and ranking the header on every page was ~1.5 % of the web's CPU.
 * Bounded, because the header is the visitor's to choose.
 */
const headerLocales = new Map<string, Locale>();
const HEADER_LOCALES_KEPT = 500;

async function localeForHeader(request: Request): Promise<Locale> {
  const header = request.headers.get('Accept-Language') ?? '';
  let locale = headerLocales.get(header);
  if (!locale) {
    const detected = await i18nServer.getLocale(request);
    locale = isLocale(detected) ? detected : DEFAULT_LOCALE;
    if (headerLocales.size >= HEADER_LOCALES_KEPT) headerLocales.clear();
    headerLocales.set(header, locale);
  }
  return locale;
}
