import {
  CAPACITY_STALE_HOURS,
  RESOURCE_STALE_DAYS,
  combineOpenNow,
  isLocale,
  openNow,
  type EditableResource,
  type Locale,
  type OpenNow,
  type ResourceCardData,
  type ResourceDetails,
  type ResourceLocation,
  type ResourceTranslation,
} from '@sorstars/shared';
import type { ListedCardRow, LocationRow, ResourceRow } from './resources.repository.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A location as anyone outside the server may see it. For a confidential one (a refuge) the
 * address, postcode, coordinates and directions stay here: only the town and the service's own
 * contact route are shown. Every answer, export and search result goes through this function.
 */
export function toPublicLocation(l: LocationRow, at: Date, distanceKm?: number | null, open: OpenNow = openNow(l, at)): ResourceLocation {
  const hidden = l.confidential;
  return {
    id: l.id,
    name: l.name,
    address: hidden ? null : l.address,
    city: l.city,
    postalCode: hidden ? null : l.postal_code,
    region: l.region,
    country: l.country,
    lat: hidden ? null : l.lat,
    lng: hidden ? null : l.lng,
    confidential: l.confidential,
    accessibility: l.accessibility,
    transport: hidden ? null : l.transport,
    timezone: l.timezone,
    hours: l.hours,
    closed: l.closed,
    hoursNote: l.hours_note,
    openNow: open,
    ...(distanceKm !== undefined && distanceKm !== null && !hidden && { distanceKm }),
  };
}

/** A location for the editor: in full, unless it is confidential and the reader may not see where. */
export function toEditableLocation(l: LocationRow, showConfidential: boolean): EditableResource['locations'][number] {
  const hidden = l.confidential && !showConfidential;
  const opt = <T>(v: T | null) => (v === null ? undefined : v);
  return {
    id: l.id,
    name: opt(l.name),
    address: hidden ? '' : l.address,
    city: l.city,
    postalCode: hidden ? undefined : opt(l.postal_code),
    region: opt(l.region),
    country: l.country,
    lat: hidden ? undefined : opt(l.lat),
    lng: hidden ? undefined : opt(l.lng),
    confidential: l.confidential,
    accessibility: l.accessibility,
    transport: hidden ? undefined : opt(l.transport),
    timezone: l.timezone,
    hours: l.hours,
    closed: l.closed,
    hoursNote: opt(l.hours_note),
  };
}

/**
 * The language a reader gets: theirs, else one the organisation works in, else English, else the
 * text as written. The untranslated fields are in the organisation's first language (or English).
 */
export function pickLanguage<Text extends Partial<ResourceTranslation>>(
  reader: Locale,
  row: { translations: Record<string, Text>; org_languages: string[] },
): { language: string; text: Text | null } {
  const original = row.org_languages[0] ?? 'en';
  for (const lang of [reader, ...row.org_languages, 'en']) {
    if (lang === original) return { language: original, text: null };
    const t = row.translations[lang];
    if (t && (t.name || t.description)) return { language: lang, text: t };
  }
  return { language: original, text: null };
}

const distance = (km: number | null | undefined) => (km === null || km === undefined ? undefined : Math.round(km * 10) / 10);

/**
 * `open` is each location's openNow at `at`, when the caller has worked it out already (the list's
 * open-now filter): the badge and the locations' answers are then the very ones the filter used.
 * Each location is worked out once either way (openNow was the list's largest cost per row).
 */
export function toDetails(
  row: ResourceRow,
  locations: LocationRow[],
  reader: Locale,
  at: Date,
  canManage: boolean,
  open: readonly OpenNow[] = locations.map((l) => openNow(l, at)),
): ResourceDetails {
  const { language, text } = pickLanguage(reader, row);
  const now = Date.now();
  const km = distance(row.distance_km);
  const alertActive = row.alert_text && row.alert_until && row.alert_until.getTime() > now;
  return {
    id: row.id,
    organization: { id: row.organization_id, slug: row.org_slug, name: row.org_name, verified: row.org_verified_at !== null },
    name: text?.name || row.name,
    description: text?.description || row.description,
    eligibility: text?.eligibility || row.eligibility,
    applicationProcess: text?.applicationProcess || row.application_process,
    fees: text?.fees || row.fees,
    language,
    ...(canManage && { translations: row.translations }),
    availableLanguages: [...new Set([row.org_languages[0] ?? 'en', ...Object.keys(row.translations)])].filter((l) => isLocale(l) || l.length <= 3),
    categories: row.categories,
    attributes: row.attributes,
    languages: row.languages,
    free: row.free,
    minimumAge: row.minimum_age,
    maximumAge: row.maximum_age,
    requiredDocuments: row.required_documents,
    url: row.url,
    email: row.email,
    phone: row.phone,
    status: row.status,
    alert: alertActive ? { text: row.alert_text!, until: row.alert_until!.toISOString() } : null,
    capacity:
      row.capacity_unit && row.capacity_updated_at
        ? {
            unit: row.capacity_unit,
            available: row.capacity_available ?? 0,
            maximum: row.capacity_maximum,
            updatedAt: row.capacity_updated_at.toISOString(),
            stale: now - row.capacity_updated_at.getTime() > CAPACITY_STALE_HOURS * HOUR_MS,
          }
        : null,
    locations: locations.map((l, i) => toPublicLocation(l, at, undefined, open[i])),
    openNow: combineOpenNow(row.status, open),
    ...(km !== undefined && { distanceKm: km }),
    lastVerifiedAt: row.last_verified_at?.toISOString() ?? null,
    stale: !row.last_verified_at || now - row.last_verified_at.getTime() > RESOURCE_STALE_DAYS * DAY_MS,
    canManage,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A resource as a list's card shows it (`view=card`): its name in the reader's language, as
 * toDetails chooses it, and its first location's town, and address unless it is confidential.
 */
export function toCard(row: ListedCardRow, reader: Locale, open: readonly OpenNow[]): ResourceCardData {
  const { text } = pickLanguage(reader, row);
  const km = distance(row.distance_km);
  const first = row.locations[0];
  return {
    id: row.id,
    name: text?.name || row.name,
    status: row.status,
    openNow: combineOpenNow(row.status, open),
    ...(km !== undefined && { distanceKm: km }),
    categories: row.categories,
    attributes: row.attributes,
    organization: { name: row.org_name, verified: row.org_verified_at !== null },
    location: first ? { address: first.confidential ? null : first.address, city: first.city, confidential: first.confidential, timezone: first.timezone } : null,
  };
}
