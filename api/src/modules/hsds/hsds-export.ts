import { childId } from './hsds-ids.js';
import { hoursToSchedules } from './hsds-schedule.js';
import { hsdsIdOf, type LocationSource, type OrganizationSource, type ResourceSource } from './hsds-sources.js';
import { termByCode } from './hsds-taxonomy.js';

type HsdsObject = Record<string, unknown>;

/** Leaves out empty optional fields: HSDS clients read a missing field and a null alike, the schemas do not. */
function compact<T extends HsdsObject>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as T;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

function languages(parentId: string, codes: string[]): HsdsObject[] {
  return codes.map((code) => ({ id: childId(parentId, 'language', code), name: languageNames.of(code) ?? code, code }));
}

function phones(parentId: string, number: string | null): HsdsObject[] {
  return number ? [{ id: childId(parentId, 'phone', 0), number, type: 'voice' }] : [];
}

/** Human names of the identifier schemes; the org-id.guide code only where it certainly exists. */
const IDENTIFIER_SCHEMES: Record<string, { type: string; orgId?: string }> = {
  'hu-adoszam': { type: 'Hungarian tax number (adószám)' },
  'dk-cvr': { type: 'Danish Central Business Register (CVR)', orgId: 'DK-CVR' },
  'fi-ytunnus': { type: 'Finnish Business ID (Y-tunnus)' },
  'rs-pib': { type: 'Serbian tax identification number (PIB)' },
  'si-davcna': { type: 'Slovenian tax number (davčna številka)' },
};

export function toHsdsOrganization(org: OrganizationSource): HsdsObject {
  const id = hsdsIdOf(org);
  return compact({
    id,
    name: org.name,
    description: org.description,
    email: org.email,
    website: org.url,
    phones: phones(id, org.phone),
    organization_identifiers: org.identifiers.map((i) =>
      compact({
        id: childId(id, 'identifier', `${i.scheme}/${i.identifier}`),
        organization_id: id,
        identifier_scheme: IDENTIFIER_SCHEMES[i.scheme]?.orgId,
        identifier_type: IDENTIFIER_SCHEMES[i.scheme]?.type ?? i.scheme,
        identifier: i.identifier,
        x_scheme: i.scheme,
      }),
    ),
    x_languages: org.languages,
    x_verified: org.verified,
    x_last_modified: org.updatedAt.toISOString(),
  });
}

/**
 * A location. A confidential one (a refuge) says that it is confidential and in which city, and
 * nothing that finds it: no address, postal code, coordinates or directions.
 */
export function toHsdsLocation(loc: LocationSource, organizationId: string): HsdsObject {
  const id = hsdsIdOf(loc);
  const place = loc.confidential
    ? { x_city: loc.city }
    : {
        latitude: loc.lat,
        longitude: loc.lng,
        transportation: loc.transport,
        addresses: [
          {
            id: childId(id, 'address', 0),
            location_id: id,
            address_1: loc.address ?? '',
            city: loc.city,
            region: loc.region,
            state_province: loc.region ?? '',
            postal_code: loc.postalCode ?? '',
            country: loc.country,
            address_type: 'physical',
          },
        ].map(compact),
      };
  return compact({
    id,
    location_type: 'physical',
    organization_id: organizationId,
    name: loc.name,
    ...place,
    accessibility: loc.accessibility.map((description, index) => ({ id: childId(id, 'accessibility', index), location_id: id, description })),
    x_confidential: loc.confidential,
    x_country: loc.country,
    x_timezone: loc.timezone,
    x_closed: loc.closed,
    x_hours_note: loc.hoursNote,
  });
}

export function toHsdsServiceAtLocation(resource: ResourceSource, loc: LocationSource, at: Date): HsdsObject {
  // A location belongs to one resource, so its own row id names the pair unless an import named it.
  const id = loc.salHsdsId ?? loc.id;
  const serviceId = hsdsIdOf(resource);
  const location = toHsdsLocation(loc, hsdsIdOf(resource.organization));
  return {
    id,
    service_id: serviceId,
    location_id: location.id,
    schedules: hoursToSchedules(hsdsIdOf(loc), loc.hours, loc.timezone, loc.hoursNote, at).map((s) => ({ ...s, service_at_location_id: id })),
    location,
  };
}

function attributes(serviceId: string, codes: string[]): HsdsObject[] {
  return codes.flatMap((code) => {
    const term = termByCode(code);
    return term
      ? [{ id: childId(serviceId, 'attribute', code), link_id: serviceId, link_entity: 'service', link_type: 'service', taxonomy_term_id: term.id, taxonomy_term: term }]
      : [];
  });
}

/**
 * A Sorstárs resource as an HSDS 3.1 service, with its organisation, service-at-locations
 * (locations and weekly schedules), phones, languages and taxonomy attributes. What HSDS has no
 * field for travels in `x_` fields: translations, "free", the alert's end, IANA zones, closed days.
 * `assured_date` is the organisation's last "details are still right" — never an edit or import.
 */
export function toHsdsService(resource: ResourceSource, at: Date): HsdsObject {
  const id = hsdsIdOf(resource);
  const organization = toHsdsOrganization(resource.organization);
  return compact({
    id,
    organization_id: organization.id,
    name: resource.name,
    description: resource.description,
    url: resource.url,
    email: resource.email,
    status: resource.status,
    application_process: resource.applicationProcess,
    fees_description: resource.fees,
    eligibility_description: resource.eligibility,
    minimum_age: resource.minimumAge,
    maximum_age: resource.maximumAge,
    alert: resource.alert?.text,
    assured_date: resource.lastVerifiedAt?.toISOString().slice(0, 10),
    last_modified: resource.updatedAt.toISOString(),
    phones: phones(id, resource.phone),
    languages: languages(id, resource.languages),
    attributes: attributes(id, [...resource.categories, ...resource.attributes]),
    required_documents: resource.requiredDocuments.map((document, index) => ({ id: childId(id, 'required_document', index), service_id: id, document })),
    capacities: resource.capacity
      ? [
          compact({
            id: childId(id, 'capacity', 0),
            service_id: id,
            unit: { id: childId(id, 'unit', resource.capacity.unit), name: resource.capacity.unit },
            available: resource.capacity.available,
            maximum: resource.capacity.maximum,
            updated: resource.capacity.updatedAt.toISOString(),
          }),
        ]
      : [],
    service_at_locations: resource.locations.map((loc) => toHsdsServiceAtLocation(resource, loc, at)),
    organization,
    x_translations: Object.keys(resource.translations).length ? resource.translations : undefined,
    x_free: resource.free,
    x_alert_until: resource.alert?.until,
  });
}

/** `?minimal=true`: just enough to tell what changed, and still a valid HSDS service. */
export function toMinimalHsdsService(row: { id: string; hsdsId: string | null; name: string; status: string; updatedAt: Date }): HsdsObject {
  return { id: hsdsIdOf(row), name: row.name, status: row.status, last_modified: row.updatedAt.toISOString() };
}
