import type { AccessAttribute, OpenNow, ResourceDetails, ResourceStatus } from '@sorstars/shared';

/**
 * What a card shows of a resource, and all a list page's loader sends. Loader data goes to the
 * browser on every load (in the HTML, and again as each navigation's `.data`), and a page of 20
 * results carried every description, opening hour and contact detail only for the card to show
 * none of them.
 */
export interface ResourceCardData {
  id: string;
  name: string;
  status: ResourceStatus;
  openNow: OpenNow;
  distanceKm?: number;
  categories: string[];
  attributes: AccessAttribute[];
  organization: { name: string; verified: boolean };
  /** Its first location (the nearest, when searching near). */
  location: { address: string | null; city: string; confidential: boolean; timezone: string } | null;
}

export function toCardData(resource: ResourceDetails): ResourceCardData {
  const first = resource.locations[0];
  const distanceKm = resource.distanceKm ?? first?.distanceKm;
  return {
    id: resource.id,
    name: resource.name,
    status: resource.status,
    openNow: resource.openNow,
    ...(distanceKm === undefined ? {} : { distanceKm }),
    categories: resource.categories,
    attributes: resource.attributes,
    organization: { name: resource.organization.name, verified: resource.organization.verified },
    // The API already leaves a refuge's address out; a list page must not carry one even if it did not.
    location: first ? { address: first.confidential ? null : first.address, city: first.city, confidential: first.confidential, timezone: first.timezone } : null,
  };
}
