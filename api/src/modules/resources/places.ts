import type { Place } from '@sorstars/shared';
import gazetteer from './places.json' with { type: 'json' };

/**
 * "Near me" without GPS and without any outside service: a small bundled list of the six
 * countries' towns and postcodes (places.json). A postcode matches exactly or by a prefix
 * written with `*`; the longest prefix wins, so 1084 is Budapest's 8th district, not just Budapest.
 */
interface Entry {
  name: string;
  country: string;
  lat: number;
  lng: number;
  postalCodes: string[];
  aliases?: string[];
}

/** Letters without their marks, and the few that have none to drop (ø, æ, đ), as people type them. */
const LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', đ: 'd', ß: 'ss' };
const fold = (s: string) =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[øæđß]/g, (c) => LETTERS[c]!).replace(/[\s-]+/g, ' ').trim();
const entries = (gazetteer as { places: Entry[] }).places.map((e) => ({ ...e, keys: [e.name, ...(e.aliases ?? [])].map(fold) }));

const toPlace = (e: Entry, postalCode: string | null): Place => ({ name: e.name, country: e.country, postalCode, lat: e.lat, lng: e.lng });

/** How well a postcode matches an entry: its length for an exact code, the prefix's for `12*`. */
const POSTCODE_DIGITS: Record<string, number> = { HU: 4, DK: 4, SI: 4, FI: 5, RS: 5 };

function postalScore(e: Entry, code: string): number {
  if (code.length !== POSTCODE_DIGITS[e.country]) return 0;
  let best = 0;
  for (const p of e.postalCodes) {
    if (p === code) best = Math.max(best, p.length + 1);
    else if (p.endsWith('*') && code.startsWith(p.slice(0, -1))) best = Math.max(best, p.length - 1);
  }
  return best;
}

const LOCALE_COUNTRY: Record<string, string> = { hu: 'HU', sr: 'RS', da: 'DK', fi: 'FI', sl: 'SI' };
/** "8000", "DK-8000", "8000 DK": four-digit codes repeat across Hungary, Denmark and Slovenia. */
const POSTCODE = /^(?:([a-z]{2})[- ])?(\d{3,5})(?:[ ,]+([a-z]{2}))?$/;

/** Places a postcode may mean, best match first. */
function byPostcode(code: string, country: string | undefined): Entry[] {
  const scored = entries
    .filter((e) => !country || e.country === country)
    .map((e) => ({ e, score: postalScore(e, code) }))
    .filter((x) => x.score > 0);
  return scored.sort((a, b) => b.score - a.score).map((x) => x.e);
}

/**
 * The one place a `city=` names (a town in any listed spelling, or a postcode, optionally with its
 * country); a postcode several countries use goes to the reader's country. Else null.
 */
export function resolvePlace(query: string, readerLocale?: string): Place | null {
  const q = fold(query);
  const code = POSTCODE.exec(q);
  if (code) {
    const country = (code[1] ?? code[3])?.toUpperCase();
    const found = byPostcode(code[2]!, country);
    const preferred = found.find((e) => e.country === LOCALE_COUNTRY[readerLocale ?? '']);
    const best = found[0] && preferred && postalScore(preferred, code[2]!) === postalScore(found[0], code[2]!) ? preferred : found[0];
    return best ? toPlace(best, code[2]!) : null;
  }
  const exact = entries.find((e) => e.keys.includes(q));
  return exact ? toPlace(exact, null) : null;
}

/** Autocomplete: towns whose name starts with (then contains) the text, or every town a postcode may mean. */
export function searchPlaces(query: string, limit: number): Place[] {
  const q = fold(query);
  const code = POSTCODE.exec(q);
  if (code) return byPostcode(code[2]!, (code[1] ?? code[3])?.toUpperCase()).slice(0, limit).map((e) => toPlace(e, code[2]!));
  const starts = entries.filter((e) => e.keys.some((k) => k.startsWith(q)));
  const contains = entries.filter((e) => !starts.includes(e) && e.keys.some((k) => k.includes(q)));
  return [...starts, ...contains].slice(0, limit).map((e) => toPlace(e, null));
}
