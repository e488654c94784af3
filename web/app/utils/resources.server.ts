import QRCode from 'qrcode';
import { openNow, resourceOpenNow, type EditableResource, type OrganizationDetails, type OrganizationMember, type ResourceCardData, type ResourceDetails, type ResourceTip } from '@sorstars/shared';
import { api, type Parser } from './api.server';
import { UUID } from './moderation.server';
import { SLEEP_CATEGORIES } from '~/components/resources/labels';

/*
 * The directory's answers, checked for the fields the pages rely on before a page uses them (the
 * shared package describes them as TypeScript interfaces).
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function shaped<T>(check: (value: Record<string, unknown>) => boolean, what: string): Parser<T> {
  return {
    safeParse(value) {
      return isObject(value) && check(value) ? { success: true, data: value as T } : { success: false, error: `not ${what}` };
    },
  };
}
const isResource = (v: unknown) =>
  isObject(v) && typeof v.id === 'string' && typeof v.name === 'string' && isObject(v.organization) && isObject(v.openNow) && Array.isArray(v.locations);
const listOf = (check: (v: unknown) => boolean) => (v: Record<string, unknown>) => Array.isArray(v.items) && v.items.every(check);

export const resourceSchema = shaped<ResourceDetails>(isResource, 'a resource');
const isCard = (v: unknown) =>
  isObject(v) && typeof v.id === 'string' && typeof v.name === 'string' && isObject(v.organization) && isObject(v.openNow) && Array.isArray(v.categories) && 'location' in v;
const cardListShape = shaped<{ items: ResourceCardData[]; nextCursor: string | null }>(listOf(isCard), 'a list of resource cards');
const resourceListShape = shaped<{ items: ResourceDetails[]; nextCursor: string | null }>(listOf(isResource), 'a resource list');

/**
 * A page of the directory as cards: `GET /api/resources?view=card`. An API from before `view`
 * (while a new web is rolled out first) answers whole resources: they are cut down to cards here,
 * so a page never carries more than its cards show.
 */
export const resourceCardListSchema: Parser<{ items: ResourceCardData[]; nextCursor: string | null }> = {
  safeParse(value) {
    const cards = cardListShape.safeParse(value);
    if (cards.success) return cards;
    const whole = resourceListShape.safeParse(value);
    return whole.success ? { success: true, data: { ...whole.data, items: whole.data.items.map(cardOf) } } : cards;
  },
};

function cardOf(r: ResourceDetails): ResourceCardData {
  const first = r.locations[0];
  const distanceKm = r.distanceKm ?? first?.distanceKm;
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    openNow: r.openNow,
    ...(distanceKm === undefined ? {} : { distanceKm }),
    categories: r.categories,
    attributes: r.attributes,
    organization: { name: r.organization.name, verified: r.organization.verified },
    location: first ? { address: first.confidential ? null : first.address, city: first.city, confidential: first.confidential, timezone: first.timezone } : null,
  };
}
export const tipListSchema = shaped<{ items: ResourceTip[] }>(
  listOf((v) => isObject(v) && typeof v.id === 'string' && typeof v.body === 'string'),
  'a tip list',
);
export const organizationSchema = shaped<OrganizationDetails>((v) => typeof v.id === 'string' && typeof v.slug === 'string' && typeof v.verified === 'boolean', 'an organisation');
export const organizationListSchema = shaped<{ items: OrganizationDetails[]; nextCursor: string | null }>(
  listOf((v) => isObject(v) && typeof v.id === 'string' && typeof v.slug === 'string'),
  'an organisation list',
);
export const editableResourceSchema = shaped<EditableResource>(
  (v) => typeof v.id === 'string' && isObject(v.original) && isObject(v.translations) && Array.isArray(v.locations) && typeof v.confidentialShown === 'boolean',
  'a resource to edit',
);
export const memberListSchema = shaped<{ items: OrganizationMember[] }>(
  (v) => Array.isArray(v.items) && v.items.every((m) => isObject(m) && typeof m.userId === 'string' && typeof m.username === 'string'),
  'a staff list',
);

/** The organisations this person posts for (staff or admin of), with whether each is verified. */
export async function myOrganizations(request: Request, locale: string): Promise<{ id: string; name: string; slug: string; verified: boolean }[]> {
  const result = await api(request, '/api/organizations?mine=true&limit=100', { schema: organizationListSchema, locale });
  return result.ok ? result.data.items.map((org) => ({ id: org.id, name: org.name, slug: org.slug, verified: org.verified === true })) : [];
}

export { UUID };

/** An organisation page's organisation, by the slug in its address: a malformed or unknown one is a 404. */
export async function organizationBySlug(request: Request, slug: string | undefined, locale: string): Promise<OrganizationDetails> {
  if (!slug || !/^[a-z0-9-]{1,120}$/i.test(slug)) throw new Response(null, { status: 404 });
  const found = await api(request, `/api/organizations/${encodeURIComponent(slug)}`, { schema: organizationSchema, locale });
  if (!found.ok) throw new Response(null, { status: found.status === 404 ? 404 : 503 });
  return found.data;
}

/** An ISO instant from `?at=` (open-now at another moment: "will it be open at 02:00?"). */
export function atParam(url: URL): string | null {
  const at = url.searchParams.get('at');
  return at && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : null;
}

export async function loadResource(request: Request, locale: string, id: string, at: string | null) {
  if (!UUID.test(id)) return null;
  const result = await api(request, `/api/resources/${id}`, { schema: resourceSchema, locale });
  if (!result.ok && result.status === 404) return null;
  if (!result.ok) throw new Response(null, { status: result.status >= 500 ? 503 : result.status });
  return at ? openAt(result.data, new Date(at)) : result.data;
}

/**
 * Open-now at another instant ("will it be open at 02:00?"), decided by the same shared pure
 * function the API's badge and filter use, from the hours the answer carries.
 */
function openAt(resource: ResourceDetails, at: Date): ResourceDetails {
  const locations = resource.locations.map((location) => ({ ...location, openNow: openNow(location, at) }));
  return { ...resource, locations, openNow: resourceOpenNow(resource.status, locations, at) };
}

/** Several resources at once (my list): those gone since are left out, in the order asked. */
export async function loadResources(request: Request, locale: string, ids: readonly string[]): Promise<ResourceDetails[]> {
  const found = await Promise.all(
    ids.map(async (id) => {
      const result = await api(request, `/api/resources/${id}`, { schema: resourceSchema, locale });
      return result.ok ? result.data : null;
    }),
  );
  return found.filter((r): r is ResourceDetails => r !== null);
}

/** A QR code as inline SVG, drawn here: printing a list never asks another site for anything. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/** The absolute address of a page on this site, for QR codes and share links. */
export function absoluteUrl(request: Request, path: string): string {
  return new URL(path, request.url).toString();
}

/** Shelters and night services open now, nearest first when a town or postcode is given. */
export async function sleepTonight(request: Request, locale: string, url: URL) {
  const city = (url.searchParams.get('city') ?? '').trim().slice(0, 100);
  const reference = atParam(url) ?? new Date().toISOString();
  const query = new URLSearchParams({ category: SLEEP_CATEGORIES.join(','), openNow: 'true', at: reference, limit: '5', view: 'card' });
  if (city) query.set('city', city);
  const result = await api(request, `/api/resources?${query}`, { schema: resourceCardListSchema, locale });
  const cityError = !result.ok && result.status === 400 ? result.problem.errors?.find((e) => e.path.endsWith('city'))?.message : undefined;
  return { city, reference, items: result.ok ? result.data.items : cityError ? [] : null, cityError };
}
