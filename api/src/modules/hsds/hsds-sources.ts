import type { ResourceLocation, ResourceStatus, ResourceTranslation } from '@sorstars/shared';
import type { OrganizationRow } from '../organizations/organizations.repository.js';
import type { LocationRow, ResourceRow } from '../resources/resources.repository.js';

/**
 * What the HSDS mapping reads: the resources module's rows (read by its one SELECT) mapped here,
 * with the HSDS ids of imported records beside the Sorstárs ids (`hsdsId` null for records
 * created in Sorstárs).
 */
export interface OrganizationSource {
  id: string;
  hsdsId: string | null;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  phone: string | null;
  identifiers: { scheme: string; identifier: string }[];
  languages: string[];
  verified: boolean;
  updatedAt: Date;
}

/** A location as the directory shows it, plus the HSDS ids of it and of its service-at-location. */
export type LocationSource = Omit<ResourceLocation, 'openNow' | 'distanceKm'> & {
  hsdsId: string | null;
  salHsdsId: string | null;
};

export interface ResourceSource {
  id: string;
  hsdsId: string | null;
  organization: OrganizationSource;
  name: string;
  description: string;
  translations: Partial<Record<string, ResourceTranslation>>;
  categories: string[];
  attributes: string[];
  languages: string[];
  eligibility: string | null;
  applicationProcess: string | null;
  fees: string | null;
  free: boolean;
  minimumAge: number | null;
  maximumAge: number | null;
  requiredDocuments: string[];
  url: string | null;
  email: string | null;
  phone: string | null;
  status: ResourceStatus;
  alert: { text: string; until: string } | null;
  capacity: { unit: string; available: number; maximum: number | null; updatedAt: Date } | null;
  locations: LocationSource[];
  lastVerifiedAt: Date | null;
  updatedAt: Date;
}

/** The id an HSDS client sees: the imported record's own id, else ours. */
export const hsdsIdOf = (row: { id: string; hsdsId: string | null }): string => row.hsdsId ?? row.id;

export function organizationSource(row: Omit<OrganizationRow, 'viewer_role'>): OrganizationSource {
  return {
    id: row.id,
    hsdsId: row.hsds_id,
    name: row.name,
    description: row.description,
    url: row.url,
    email: row.email,
    phone: row.phone,
    identifiers: row.identifiers ?? [],
    languages: row.languages ?? [],
    verified: row.verified_at !== null,
    updatedAt: row.updated_at,
  };
}

export function locationSource(row: LocationRow, salIds: Record<string, string>): LocationSource {
  const hsdsId = row.hsds_id;
  const sal = hsdsId ? Object.entries(salIds).find(([, loc]) => loc === hsdsId)?.[0] ?? null : null;
  return {
    id: row.id,
    hsdsId,
    salHsdsId: sal,
    name: row.name,
    // Read here so the mapping can decide; toHsdsLocation never writes it out for a confidential one.
    address: row.address,
    city: row.city,
    postalCode: row.postal_code,
    region: row.region,
    country: row.country,
    lat: row.lat,
    lng: row.lng,
    confidential: row.confidential,
    accessibility: row.accessibility ?? [],
    transport: row.transport,
    timezone: row.timezone,
    hours: row.hours ?? [],
    closed: row.closed ?? [],
    hoursNote: row.hours_note,
  };
}

/** A resource as the resources module reads it (its rows), in the shape the HSDS mapping reads. */
export function resourceSource(r: ResourceRow, organization: OrganizationSource, locations: LocationRow[], salIds: Record<string, string>): ResourceSource {
  return {
    id: r.id,
    hsdsId: r.hsds_id,
    organization,
    name: r.name,
    description: r.description,
    translations: r.translations ?? {},
    categories: r.categories,
    attributes: r.attributes,
    languages: r.languages,
    eligibility: r.eligibility,
    applicationProcess: r.application_process,
    fees: r.fees,
    free: r.free,
    minimumAge: r.minimum_age,
    maximumAge: r.maximum_age,
    requiredDocuments: r.required_documents,
    url: r.url,
    email: r.email,
    phone: r.phone,
    status: r.status,
    alert: r.alert_text && r.alert_until ? { text: r.alert_text, until: r.alert_until.toISOString() } : null,
    capacity:
      r.capacity_unit && r.capacity_available !== null
        ? { unit: r.capacity_unit, available: r.capacity_available, maximum: r.capacity_maximum, updatedAt: r.capacity_updated_at ?? r.updated_at }
        : null,
    locations: locations.map((l) => locationSource(l, salIds)),
    lastVerifiedAt: r.last_verified_at,
    updatedAt: r.updated_at,
  };
}
