import type { z } from 'zod';
import { ACCESS_ATTRIBUTES, CATEGORY_CODES } from '@sorstars/shared';
import { schedulesToHours, zoneForImport, type HsdsSchedule } from './hsds-schedule.js';
import { codeForImportedTerm } from './hsds-taxonomy.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const defined = <T extends Json>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** HSDS's `defunct` is gone for good; Sorstárs calls that inactive. */
const STATUS: Record<string, 'active' | 'inactive' | 'temporarily closed'> = {
  active: 'active',
  inactive: 'inactive',
  defunct: 'inactive',
  'temporarily closed': 'temporarily closed',
};

/** An imported alert with no end date is shown for this long, then needs renewing. */
export const IMPORTED_ALERT_DAYS = 30;

/** Phone numbers arrive in many spellings (the official example quotes its own); keep the digits and separators. */
const cleanPhone = (v: unknown) => str(v)?.replace(/["']/g, '').trim();

function location(sal: Json, loc: Json, serviceSchedules: HsdsSchedule[]): Json | null {
  const address = arr(loc.addresses).find((a) => (a.address_type ?? 'physical') === 'physical') ?? arr(loc.addresses)[0];
  const confidential = loc.x_confidential === true;
  if (!address && !confidential) return null;
  const schedules = [...arr(sal.schedules), ...arr(loc.schedules), ...serviceSchedules] as HsdsSchedule[];
  const country = str(address?.country)?.toUpperCase() ?? str(loc.x_country);
  return defined({
    name: str(loc.name),
    address: str(address?.address_1),
    city: str(address?.city) ?? str(loc.x_city),
    postalCode: str(address?.postal_code),
    region: str(address?.region) ?? str(address?.state_province),
    country,
    lat: num(loc.latitude),
    lng: num(loc.longitude),
    confidential: confidential || undefined,
    accessibility: arr(loc.accessibility).map((a) => str(a.description) ?? str(a.details)).filter((d): d is string => !!d),
    transport: str(loc.transportation),
    timezone: zoneForImport(schedules, country ?? null),
    hours: schedulesToHours(schedules),
    closed: Array.isArray(loc.x_closed) ? loc.x_closed : undefined,
    hoursNote: str(loc.x_hours_note) ?? str(schedules.find((s) => str(s.notes))?.notes),
  });
}

export interface ImportedLocation {
  input: Json;
  /** The HSDS ids of the location and of its service-at-location. */
  locationId: string | null;
  salId: string | null;
}

/** The service's locations Sorstárs can hold (a place with an address, or a confidential one). */
export function locationsFromHsds(service: Json): ImportedLocation[] {
  const serviceSchedules = arr(service.schedules) as HsdsSchedule[];
  return arr(service.service_at_locations).flatMap((sal) => {
    const loc = obj(sal.location);
    const input = location(sal, loc, serviceSchedules);
    return input ? [{ input, locationId: str(loc.id) ?? null, salId: str(sal.id) ?? null }] : [];
  });
}

/** Sorstárs category and access-attribute codes named by a service's HSDS attributes. */
function codes(service: Json): { categories: string[]; attributes: string[] } {
  const found = arr(service.attributes)
    .map((a) => codeForImportedTerm(obj(a.taxonomy_term), a.taxonomy_term_id))
    .filter((c): c is string => !!c);
  const unique = [...new Set(found)];
  return {
    categories: unique.filter((c) => CATEGORY_CODES.includes(c)),
    attributes: unique.filter((c) => (ACCESS_ATTRIBUTES as readonly string[]).includes(c)),
  };
}

/**
 * An HSDS service → the fields of a Sorstárs resource (without organizationId), as far as Sorstárs
 * can hold them; `fitToSchema` then drops what Sorstárs would refuse. The whole document is kept
 * beside the resource, so nothing of it is lost for HSDS exports.
 */
export function resourceFieldsFromHsds(service: Json, now: Date, defaultCategory?: string): Json {
  const { categories, attributes } = codes(service);
  const alert = str(service.alert);
  const until = str(service.x_alert_until) ?? new Date(now.getTime() + IMPORTED_ALERT_DAYS * 86_400_000).toISOString();
  const capacity = arr(service.capacities)[0];
  return defined({
    name: str(service.name),
    description: str(service.description) ?? '',
    translations: service.x_translations && typeof service.x_translations === 'object' ? service.x_translations : undefined,
    categories: categories.length ? categories : defaultCategory ? [defaultCategory] : [],
    attributes,
    languages: [...new Set(arr(service.languages).map((l) => str(l.code)?.toLowerCase()).filter((c): c is string => !!c))],
    eligibility: str(service.eligibility_description),
    applicationProcess: str(service.application_process),
    fees: str(service.fees_description) ?? str(service.fees),
    free: typeof service.x_free === 'boolean' ? service.x_free : undefined,
    minimumAge: num(service.minimum_age),
    maximumAge: num(service.maximum_age),
    requiredDocuments: arr(service.required_documents).map((d) => str(d.document)).filter((d): d is string => !!d),
    url: str(service.url),
    email: str(service.email),
    phone: cleanPhone(arr(service.phones)[0]?.number),
    status: STATUS[String(service.status)] ?? 'active',
    alert: alert ? { text: alert, until } : null,
    capacity: capacity && num(capacity.available) !== undefined
      ? defined({ unit: str(obj(capacity.unit).name) ?? 'places', available: num(capacity.available), maximum: num(capacity.maximum) })
      : null,
    locations: locationsFromHsds(service).map((l) => l.input),
  });
}

const SCHEME_BY_TYPE: Record<string, string> = { 'DK-CVR': 'dk-cvr' };

/** An HSDS organization → the fields of a Sorstárs organisation. */
export function organizationFieldsFromHsds(org: Json): Json {
  return defined({
    name: str(org.name),
    description: str(org.description) ?? '',
    url: str(org.website),
    email: str(org.email),
    phone: cleanPhone(arr(org.phones)[0]?.number),
    identifiers: arr(org.organization_identifiers)
      .map((i) => ({ scheme: str(i.x_scheme) ?? SCHEME_BY_TYPE[String(i.identifier_scheme)], identifier: str(i.identifier) }))
      .filter((i) => i.scheme && i.identifier),
    languages: Array.isArray(org.x_languages) ? org.x_languages : undefined,
  });
}

export interface FitResult<T> {
  value: T | null;
  /** Fields left out because Sorstárs would refuse them (they stay in the HSDS document). */
  dropped: string[];
  /** Why the record cannot be stored at all. */
  errors: { path: string; message: string }[];
}

function removeAt(root: unknown, path: PropertyKey[]): boolean {
  if (!path.length) return false;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key];
    if (parent === null || typeof parent !== 'object') return false;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else delete (parent as Record<PropertyKey, unknown>)[last];
  return true;
}

/**
 * Parses `input` with a Sorstárs schema, leaving out each optional field (or list item) that the
 * schema refuses — a quoted phone number, a 6,000-character description — until it passes. A
 * field whose absence is itself refused (a missing name) makes the record fail with that reason.
 */
export function fitToSchema<S extends z.ZodType>(schema: S, input: Json, required: readonly string[]): FitResult<z.output<S>> {
  const value = structuredClone(input);
  const dropped: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return { value: result.data, dropped, errors: [] };
    const fatal = result.error.issues.filter((i) => !i.path.length || required.includes(String(i.path[0])) && i.path.length === 1);
    if (fatal.length) return { value: null, dropped, errors: fatal.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })) };
    // Deepest first, so the list indices of the other issues stay right; one removal per round.
    const issue = [...result.error.issues].sort((a, b) => b.path.length - a.path.length)[0]!;
    let path = issue.path as PropertyKey[];
    // A field already left out that is still refused is required by its parent: leave out the parent.
    while (path.length && dropped.includes(path.join('.'))) path = path.slice(0, -1);
    if (!path.length || (path.length === 1 && required.includes(String(path[0])))) {
      return { value: null, dropped, errors: [{ path: issue.path.join('.') || '(root)', message: issue.message }] };
    }
    // A spliced list item is not remembered: the next item moves into its place.
    if (typeof path[path.length - 1] !== 'number') dropped.push(path.join('.'));
    const removed = removeAt(value, path);
    if (!removed) break;
  }
  const last = schema.safeParse(value);
  return last.success
    ? { value: last.data, dropped, errors: [] }
    : { value: null, dropped, errors: last.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })) };
}
