import type { ResourceLocation, ResourceStatus, ResourceTranslation } from '@sorstars/shared';

/**
 * What the HSDS mapping reads: plain rows as the repository loads them, with the HSDS ids of
 * imported records beside the Sorstárs ids (`hsdsId` null for records created in Sorstárs).
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
