import { Injectable } from '@nestjs/common';
import { AppError } from '../../core/errors/app-error.js';
import { toHsdsOrganization, toHsdsService, toHsdsServiceAtLocation, toMinimalHsdsService } from './hsds-export.js';
import { pageWindow, toPage, type HsdsListQuery, type HsdsPage } from './hsds-page.js';
import { HsdsRepository, type ConfidentialPlace, type HsdsDocumentRow, type HsdsFilters } from './hsds.repository.js';
import { FINGERPRINT_AT, mergeWithDocument } from './hsds-roundtrip.js';
import type { OrganizationSource, ResourceSource } from './hsds-sources.js';
import { HSDS_TAXONOMIES, HSDS_TERMS, codesInTaxonomy, codesUnderTerm, type HsdsTaxonomyTerm } from './hsds-taxonomy.js';

type HsdsObject = Record<string, unknown>;

/** Fields of a service that always come from Sorstárs, whatever an import said. */
const SERVICE_OURS = ['id', 'organization_id'];

/** A resource's organisation as HSDS: Sorstárs's fields, and an imported document's for the rest. */
export function exportOrganization(source: OrganizationSource, document: HsdsDocumentRow | null): HsdsObject {
  const derived = toHsdsOrganization(source);
  if (!document) return derived;
  return mergeWithDocument(derived, derived, document.document, document.baseline, ['id']);
}

/**
 * A resource as an HSDS service. For an imported one, fields unchanged since the import come back
 * as imported; a resource with a confidential location never takes its locations from a document
 * (the document may predate the location being marked confidential).
 */
export function exportService(
  source: ResourceSource,
  document: HsdsDocumentRow | null,
  organizationDocument: HsdsDocumentRow | null,
  at: Date,
): HsdsObject {
  const organization = exportOrganization(source.organization, organizationDocument);
  const derived = { ...toHsdsService(source, at), organization };
  if (!document) return derived;
  const atFingerprint = { ...toHsdsService(source, FINGERPRINT_AT), organization: exportOrganization(source.organization, organizationDocument) };
  const confidential = source.locations.filter((l) => l.confidential);
  const ours = confidential.length ? [...SERVICE_OURS, 'service_at_locations'] : SERVICE_OURS;
  const merged = mergeWithDocument(derived, atFingerprint, document.document, document.baseline, ours);
  return confidential.length ? withoutPlaces(merged, confidential) : merged;
}

/**
 * Belt and braces for refuges: an imported document may carry a confidential location's address
 * elsewhere too (its organisation's locations, a contact). Any address or point that matches one
 * is cut out wherever it sits, so the place never leaves the server by way of an old import.
 */
export function withoutPlaces(value: HsdsObject, places: readonly ConfidentialPlace[]): HsdsObject {
  const addresses = new Set(places.map((p) => p.address?.trim().toLowerCase()).filter(Boolean));
  const points = places.filter((p) => p.lat !== null && p.lng !== null).map((p) => `${p.lat},${p.lng}`);
  const scrub = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.filter((n) => !(n && typeof n === 'object' && addresses.has(String((n as HsdsObject).address_1 ?? '').trim().toLowerCase()))).map(scrub);
    }
    if (!node || typeof node !== 'object') return node;
    const entries = Object.entries(node as HsdsObject);
    const point = `${(node as HsdsObject).latitude},${(node as HsdsObject).longitude}`;
    return Object.fromEntries(
      entries.filter(([k]) => !(points.includes(point) && (k === 'latitude' || k === 'longitude'))).map(([k, v]) => [k, scrub(v)]),
    );
  };
  return scrub(value) as HsdsObject;
}

function filtersOf(query: HsdsListQuery): HsdsFilters {
  const filters: HsdsFilters = {};
  if (query.search) filters.search = query.search;
  if (query.taxonomy_term_id) filters.termCodes = codesUnderTerm(query.taxonomy_term_id);
  if (query.taxonomy_id) filters.taxonomyCodes = codesInTaxonomy(query.taxonomy_id);
  if (query.organization_id) filters.organizationId = query.organization_id;
  if (query.modified_after) filters.modifiedAfter = query.modified_after;
  return filters;
}

function pageOfList<T>(items: readonly T[], query: HsdsListQuery): HsdsPage<T> {
  const { limit, offset, perPage } = pageWindow(query);
  return toPage(items.slice(offset, offset + limit), items.length, query.page, perPage);
}

/** The read side of the HSDS 3.1 API: public, paged, every object valid against the official schemas. */
@Injectable()
export class HsdsService {
  constructor(private readonly repo: HsdsRepository) {}

  async services(query: HsdsListQuery): Promise<HsdsPage<HsdsObject>> {
    const { limit, offset, perPage } = pageWindow(query);
    const filters = filtersOf(query);
    if (query.minimal) {
      const { rows, total } = await this.repo.minimalResources(filters, limit, offset);
      return toPage(rows.map(toMinimalHsdsService), total, query.page, perPage);
    }
    const { ids, total } = await this.repo.pageOfResources(filters, limit, offset);
    const now = new Date();
    const loaded = await this.repo.loadResources(ids);
    return toPage(loaded.map((r) => exportService(r.source, r.document, r.organizationDocument, now)), total, query.page, perPage);
  }

  async service(id: string): Promise<HsdsObject> {
    const resourceId = await this.repo.findResourceId(id);
    const [loaded] = resourceId ? await this.repo.loadResources([resourceId]) : [];
    if (!loaded) throw new AppError('NOT_FOUND');
    return exportService(loaded.source, loaded.document, loaded.organizationDocument, new Date());
  }

  async organizations(query: HsdsListQuery): Promise<HsdsPage<HsdsObject>> {
    const { limit, offset, perPage } = pageWindow(query);
    const filters = filtersOf(query);
    const { ids, total } = await this.repo.pageOfOrganizations(filters, limit, offset);
    const loaded = await this.repo.loadOrganizations(ids);
    return toPage(loaded.map((o) => withoutPlaces(exportOrganization(o.source, o.document), o.confidentialPlaces)), total, query.page, perPage);
  }

  async organization(id: string): Promise<HsdsObject> {
    const orgId = await this.repo.findOrganizationId(id);
    const [loaded] = orgId ? await this.repo.loadOrganizations([orgId]) : [];
    if (!loaded) throw new AppError('NOT_FOUND');
    return withoutPlaces(exportOrganization(loaded.source, loaded.document), loaded.confidentialPlaces);
  }

  private async serviceAtLocations(pairs: { resourceId: string; locationId: string }[]): Promise<HsdsObject[]> {
    const loaded = await this.repo.loadResources([...new Set(pairs.map((p) => p.resourceId))]);
    const byId = new Map(loaded.map((r) => [r.source.id, r.source]));
    const now = new Date();
    return pairs.flatMap(({ resourceId, locationId }) => {
      const resource = byId.get(resourceId);
      const location = resource?.locations.find((l) => l.id === locationId);
      return resource && location ? [toHsdsServiceAtLocation(resource, location, now)] : [];
    });
  }

  async serviceAtLocationList(query: HsdsListQuery): Promise<HsdsPage<HsdsObject>> {
    const { limit, offset, perPage } = pageWindow(query);
    const { pairs, total } = await this.repo.pageOfLocations(filtersOf(query), limit, offset);
    return toPage(await this.serviceAtLocations(pairs), total, query.page, perPage);
  }

  async serviceAtLocation(id: string): Promise<HsdsObject> {
    const pair = await this.repo.findServiceAtLocation(id);
    const [found] = pair ? await this.serviceAtLocations([pair]) : [];
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }

  taxonomies(query: HsdsListQuery) {
    const items = query.search ? HSDS_TAXONOMIES.filter((t) => t.name.toLowerCase().includes(query.search!.toLowerCase())) : HSDS_TAXONOMIES;
    return pageOfList(items, query);
  }

  taxonomy(id: string) {
    const found = HSDS_TAXONOMIES.find((t) => t.id === id);
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }

  taxonomyTerms(query: HsdsListQuery) {
    const search = query.search?.toLowerCase();
    const items = HSDS_TERMS.filter(
      (t: HsdsTaxonomyTerm) =>
        (!query.taxonomy_id || t.taxonomy_id === query.taxonomy_id) &&
        (!query.parent_id || t.parent_id === query.parent_id) &&
        (!query.top_only || !t.parent_id) &&
        (!search || t.name.toLowerCase().includes(search) || t.code.includes(search)),
    );
    return pageOfList(items, query);
  }

  taxonomyTerm(id: string) {
    const found = HSDS_TERMS.find((t) => t.id === id);
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }
}
