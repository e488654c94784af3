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

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s-]+/g, ' ').trim();
const entries = (gazetteer as { places: Entry[] }).places.map((e) => ({ ...e, keys: [e.name, ...(e.aliases ?? [])].map(fold) }));

const toPlace = (e: Entry, postalCode: string | null): Place => ({ name: e.name, country: e.country, postalCode, lat: e.lat, lng: e.lng });

/** How well a postcode matches an entry: its length for an exact code, the prefix's for `12*`. */
function postalScore(e: Entry, code: string): number {
  let best = 0;
  for (const p of e.postalCodes) {
    if (p === code) best = Math.max(best, p.length + 1);
    else if (p.endsWith('*') && code.startsWith(p.slice(0, -1))) best = Math.max(best, p.length - 1);
  }
  return best;
}

/** The one place a `city=` names (town name in any listed spelling, or postcode); else null. */
export function resolvePlace(query: string): Place | null {
  const q = fold(query);
  if (/^\d{3,5}$/.test(q)) {
    let best: { e: Entry; score: number } | null = null;
    for (const e of entries) {
      const score = postalScore(e, q);
      if (score > (best?.score ?? 0)) best = { e, score };
    }
    return best ? toPlace(best.e, q) : null;
  }
  const exact = entries.find((e) => e.keys.includes(q));
  return exact ? toPlace(exact, null) : null;
}

/** Autocomplete: towns whose name starts with (then contains) the text, or postcodes starting with it. */
export function searchPlaces(query: string, limit: number): Place[] {
  const q = fold(query);
  if (/^\d+$/.test(q)) {
    const hit = resolvePlace(q);
    return hit ? [hit] : [];
  }
  const starts = entries.filter((e) => e.keys.some((k) => k.startsWith(q)));
  const contains = entries.filter((e) => !starts.includes(e) && e.keys.some((k) => k.includes(q)));
  return [...starts, ...contains].slice(0, limit).map((e) => toPlace(e, null));
}
