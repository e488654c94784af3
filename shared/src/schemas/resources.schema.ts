import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from '../locales.js';
import { ACCESS_ATTRIBUTES, isCategoryCode, type AccessAttribute } from '../taxonomy.js';
import { contactEmail, contactPhone, type OrganizationSummary } from './organizations.schema.js';
import { plainText } from './spaces.schema.js';

export const RESOURCE_STATUSES = ['active', 'inactive', 'temporarily closed'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "Details are still right" older than this shows "may be out of date"… */
export const RESOURCE_STALE_DAYS = 180;
/** …and this long after the last check a task lands in the organisation's queue. */
export const RESOURCE_REVIEW_DAYS = 150;
/** Capacity ("beds tonight") older than this is shown as stale. */
export const CAPACITY_STALE_HOURS = 24;
export const RESOURCE_RADIUS_MAX_KM = 500;

/**
 * An IANA zone name such as Europe/Budapest (or UTC). Intl alone is not enough: newer engines
 * (Node 24) accept UTC offsets like `+02:00` as zones, and an offset has no daylight-saving rules.
 */
export function isIanaZone(zone: string): boolean {
  if (zone !== 'UTC' && !/^[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const time = (allow24: boolean) =>
  z.string({ error: 'validation.required' }).refine((s) => HH_MM.test(s) || (allow24 && s === '24:00'), { error: 'validation.time' });
const isoDate = z.iso.date({ error: 'validation.date' });
const isoDateTime = z.iso.datetime({ offset: true, error: 'validation.dateTime' });

export const hoursPeriodSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS, { error: 'validation.weekday' })).min(1, { error: 'validation.required' }).max(7),
    opens: time(false),
    /** Earlier than `opens` runs past midnight into the next day; `24:00` is the end of the day. */
    closes: time(true),
  })
  .refine((p) => p.opens !== p.closes, { error: 'validation.hoursEmpty', path: ['closes'] });
export type HoursPeriod = z.infer<typeof hoursPeriodSchema>;

export const closedPeriodSchema = z
  .strictObject({ from: isoDate, to: isoDate, note: plainText(200).optional() })
  .refine((c) => c.to >= c.from, { error: 'validation.endBeforeStart', path: ['to'] });
export type ClosedPeriod = z.infer<typeof closedPeriodSchema>;

export const locationInputSchema = z.strictObject({
  name: plainText(200).optional(),
  address: plainText(300).pipe(z.string().min(1, { error: 'validation.required' })),
  city: plainText(100).pipe(z.string().min(1, { error: 'validation.required' })),
  postalCode: plainText(20).optional(),
  region: plainText(100).optional(),
  country: z.string({ error: 'validation.required' }).trim().toUpperCase().regex(/^[A-Z]{2}$/, { error: 'validation.country' }),
  lat: z.number({ error: 'validation.invalidType' }).min(-90, { error: 'validation.latitude' }).max(90, { error: 'validation.latitude' }).optional(),
  lng: z.number({ error: 'validation.invalidType' }).min(-180, { error: 'validation.longitude' }).max(180, { error: 'validation.longitude' }).optional(),
  /** A refuge: address and coordinates never leave the server. */
  confidential: z.boolean({ error: 'validation.invalidType' }).optional(),
  accessibility: z.array(plainText(200)).max(20).optional(),
  transport: plainText(1000).optional(),
  timezone: z.string({ error: 'validation.required' }).refine(isIanaZone, { error: 'validation.timezone' }),
  hours: z.array(hoursPeriodSchema).max(50),
  closed: z.array(closedPeriodSchema).max(100).optional(),
  hoursNote: plainText(500).optional(),
}).refine((l) => (l.lat === undefined) === (l.lng === undefined), { error: 'validation.coordinates', path: ['lng'] });
export type LocationInput = z.infer<typeof locationInputSchema>;

export const translationSchema = z.strictObject({
  name: plainText(200).optional(),
  description: plainText(5000).optional(),
  eligibility: plainText(2000).optional(),
  applicationProcess: plainText(2000).optional(),
  fees: plainText(1000).optional(),
});
export type ResourceTranslation = z.infer<typeof translationSchema>;

const category = z.string({ error: 'validation.category' }).refine(isCategoryCode, { error: 'validation.category' });
const languageCode = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, { error: 'validation.language' });

const resourceFields = {
  organizationId: z.uuid({ error: 'validation.uuid' }),
  name: plainText(200).pipe(z.string().min(2, { error: 'validation.required' })),
  description: plainText(5000),
  translations: z.partialRecord(z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }), translationSchema).optional(),
  categories: z.array(category).min(1, { error: 'validation.required' }).max(10),
  attributes: z.array(z.enum(ACCESS_ATTRIBUTES, { error: 'validation.attribute' })).max(ACCESS_ATTRIBUTES.length).optional(),
  languages: z.array(languageCode).max(30),
  eligibility: plainText(2000).optional(),
  applicationProcess: plainText(2000).optional(),
  fees: plainText(1000).optional(),
  free: z.boolean({ error: 'validation.invalidType' }).optional(),
  minimumAge: z.number({ error: 'validation.invalidType' }).int().min(0).max(120).optional(),
  maximumAge: z.number({ error: 'validation.invalidType' }).int().min(0).max(120).optional(),
  requiredDocuments: z.array(plainText(200)).max(20).optional(),
  url: z.url({ protocol: /^https?$/, error: 'validation.url' }).max(2048).optional(),
  email: contactEmail.optional(),
  phone: contactPhone.optional(),
  status: z.enum(RESOURCE_STATUSES, { error: 'validation.resourceStatus' }).optional(),
  alert: z.strictObject({ text: plainText(500).pipe(z.string().min(1, { error: 'validation.required' })), until: isoDateTime }).nullish(),
  capacity: z
    .strictObject({
      unit: plainText(60).pipe(z.string().min(1, { error: 'validation.required' })),
      available: z.number({ error: 'validation.invalidType' }).int().min(0).max(100_000),
      maximum: z.number({ error: 'validation.invalidType' }).int().min(0).max(100_000).optional(),
    })
    .refine((c) => c.maximum === undefined || c.available <= c.maximum, { error: 'validation.capacityOverMaximum', path: ['available'] })
    .nullish(),
  locations: z.array(locationInputSchema).max(20),
};

const ageOrder = (r: { minimumAge?: number; maximumAge?: number }) => r.minimumAge === undefined || r.maximumAge === undefined || r.minimumAge <= r.maximumAge;

export const createResourceSchema = z.strictObject(resourceFields).refine(ageOrder, { error: 'validation.ageRange', path: ['maximumAge'] });
export type CreateResourceInput = z.infer<typeof createResourceSchema>;
export const updateResourceSchema = z.strictObject(resourceFields).omit({ organizationId: true }).partial().refine(ageOrder, { error: 'validation.ageRange', path: ['maximumAge'] });
export type UpdateResourceInput = z.infer<typeof updateResourceSchema>;

const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z.string().max(500).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).max(20));

export const listResourcesQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  /** Comma-separated; a resource in any of them (a top-level code includes its children). */
  category: commaList(category).optional(),
  /** Comma-separated; a resource with all of them. */
  attribute: commaList(z.enum(ACCESS_ATTRIBUTES, { error: 'validation.attribute' })).optional(),
  language: languageCode.optional(),
  openNow: z.enum(['true', 'false'], { error: 'validation.invalidValue' }).optional(),
  at: isoDateTime.optional(),
  near: z
    .string()
    .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { error: 'validation.coordinates' })
    .transform((s) => s.split(',').map(Number) as [number, number])
    .refine(([lat]) => Math.abs(lat) <= 90, { error: 'validation.latitude' })
    .refine(([, lng]) => Math.abs(lng) <= 180, { error: 'validation.longitude' })
    .optional(),
  radiusKm: z.coerce.number({ error: 'validation.invalidType' }).positive({ error: 'validation.tooSmall' }).max(RESOURCE_RADIUS_MAX_KM, { error: 'validation.tooBig' }).optional(),
  city: z.string().trim().min(1).max(100).optional(),
  organizationId: z.uuid({ error: 'validation.uuid' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
  /** `card`: only what a list's card shows of each resource (ResourceCardData), for pages of results. */
  view: z.enum(['full', 'card'], { error: 'validation.invalidValue' }).default('full'),
});
export type ListResourcesQuery = z.output<typeof listResourcesQuerySchema>;

export const createTipSchema = z.strictObject({ body: plainText(1000).pipe(z.string().min(1, { error: 'validation.required' })) });
export const outdatedSchema = z.strictObject({ note: plainText(1000).pipe(z.string().min(1, { error: 'validation.required' })) });
export const placesQuerySchema = z.object({ q: z.string().trim().min(1, { error: 'validation.required' }).max(100), limit: z.coerce.number().int().min(1).max(20).default(8) });

export interface OpenNow {
  state: 'open' | 'closed' | 'unknown';
  /** While open: when it closes (an instant). */
  until?: string;
  /** While closed: when it next opens, within two weeks. */
  nextOpensAt?: string;
}

export interface ResourceLocation {
  id: string;
  name: string | null;
  /** Null for a confidential location, as are postal code, coordinates and directions. */
  address: string | null;
  city: string;
  postalCode: string | null;
  region: string | null;
  country: string;
  lat: number | null;
  lng: number | null;
  confidential: boolean;
  accessibility: string[];
  transport: string | null;
  timezone: string;
  hours: HoursPeriod[];
  closed: ClosedPeriod[];
  hoursNote: string | null;
  openNow: OpenNow;
  /** With `near`: kilometres from the point asked about (never for a confidential location). */
  distanceKm?: number;
}

export interface ResourceCapacity {
  unit: string;
  available: number;
  maximum: number | null;
  updatedAt: string;
  /** Older than 24 hours. */
  stale: boolean;
}

/**
 * What a list's card shows of a resource (`GET /api/resources?view=card`). A page of 20 whole
 * resources carried every description, opening hour and contact detail for cards that show none.
 */
export interface ResourceCardData {
  id: string;
  name: string;
  status: ResourceStatus;
  openNow: OpenNow;
  /** With `near` or `city`: kilometres to its nearest public location. */
  distanceKm?: number;
  categories: string[];
  attributes: AccessAttribute[];
  organization: { name: string; verified: boolean };
  /** Its first location; a confidential one (a refuge) without its address. */
  location: { address: string | null; city: string; confidential: boolean; timezone: string } | null;
}

export interface ResourceDetails {
  id: string;
  organization: OrganizationSummary;
  name: string;
  description: string;
  eligibility: string | null;
  applicationProcess: string | null;
  fees: string | null;
  /** Which language the texts above are in (the reader's, else the organisation's, else English). */
  language: Locale | string;
  /** The original texts' translations, for editors (only to the organisation's staff). */
  translations?: Partial<Record<Locale, ResourceTranslation>>;
  availableLanguages: string[];
  categories: string[];
  attributes: AccessAttribute[];
  languages: string[];
  free: boolean;
  minimumAge: number | null;
  maximumAge: number | null;
  requiredDocuments: string[];
  url: string | null;
  email: string | null;
  phone: string | null;
  status: ResourceStatus;
  alert: { text: string; until: string } | null;
  capacity: ResourceCapacity | null;
  locations: ResourceLocation[];
  /** Open if any location is open; else the soonest opening. */
  openNow: OpenNow;
  distanceKm?: number;
  lastVerifiedAt: string | null;
  /** Never checked, or last checked more than 180 days ago. */
  stale: boolean;
  canManage: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the resource editor starts from (staff of the organisation and admins): the texts as
 * written, their translations, and every location in full — except that a confidential one's
 * address, postcode, coordinates and directions reach only the organisation's own staff.
 */
export interface EditableResource {
  id: string;
  original: { name: string; description: string; eligibility: string | null; applicationProcess: string | null; fees: string | null };
  translations: Partial<Record<Locale, ResourceTranslation>>;
  locations: (LocationInput & { id: string })[];
  /** False for a platform admin who is not the organisation's staff: confidential places come without their address. */
  confidentialShown: boolean;
}

export interface ResourceTip {
  id: string;
  body: string;
  author: { id: string; username: string; displayName: string | null } | null;
  createdAt: string;
}

export interface Place {
  name: string;
  country: string;
  postalCode: string | null;
  lat: number;
  lng: number;
}
