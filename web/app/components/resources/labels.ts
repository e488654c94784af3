import type { TFunction } from 'i18next';
import { TAXONOMY_CATEGORIES } from '@sorstars/shared';

/** Category and attribute names come from locales/<lang>/taxonomy.json (the same files the API uses). */
export function categoryLabel(t: TFunction, code: string): string {
  const term = TAXONOMY_CATEGORIES.find((c) => c.code === code)?.term ?? code;
  return t(`categories.${code}`, { ns: 'taxonomy', defaultValue: term });
}

export function attributeLabel(t: TFunction, code: string): string {
  return t(`attributes.${code}`, { ns: 'taxonomy', defaultValue: code });
}

/** `resources:status.*`, named literally so the i18n check finds every key. */
export const STATUS_KEYS: Record<string, string> = {
  active: 'status.active',
  inactive: 'status.inactive',
  'temporarily closed': 'status.temporarilyClosed',
};

/** The six countries the directory serves and the zone their clocks keep (the editor's default). */
export const COUNTRY_ZONES: Record<string, string> = {
  HU: 'Europe/Budapest',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  RS: 'Europe/Belgrade',
  SI: 'Europe/Ljubljana',
};
export const COUNTRY_OF_LOCALE: Record<string, string> = { hu: 'HU', da: 'DK', fi: 'FI', sr: 'RS', sl: 'SI' };

/** Shelters and night services: what "somewhere to sleep tonight" looks for. */
export const SLEEP_CATEGORIES = ['emergency-shelter', 'temporary-shelter'] as const;

/** `organizations:schemes.*`: the national registry numbers, named as people there know them. */
export const SCHEME_KEYS: Record<string, string> = {
  'hu-adoszam': 'schemes.hu-adoszam',
  'dk-cvr': 'schemes.dk-cvr',
  'fi-ytunnus': 'schemes.fi-ytunnus',
  'rs-pib': 'schemes.rs-pib',
  'si-davcna': 'schemes.si-davcna',
};

/** `organizations:roles.*`. */
export const ROLE_KEYS: Record<string, string> = {
  staff: 'roles.staff',
  admin: 'roles.admin',
};
