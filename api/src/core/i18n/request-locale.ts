import type { Request } from 'express';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@sorstars/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { localeFromAcceptLanguage } from './i18n.js';

/** The caller's language: their account's, else the `lng` cookie, else Accept-Language. */
export function requestLocale(req: Request): Locale {
  const user = req.user as AuthUser | undefined;
  if (user && isLocale(user.locale)) return user.locale;
  const cookie = req.cookies?.lng;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(req.headers['accept-language']) ?? DEFAULT_LOCALE;
}
