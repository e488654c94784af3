import { resourceListedSql } from './resources.policy.js';
import { pageLimit } from '../../core/database/page-limit.js';

/*
 * The SQL of the directory list, as a pure function with no database or Nest dependency, so the
 * query-plan test (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly the text the API runs.
 */

export interface ListFilter {
  q?: string;
  categories?: string[];
  attributes?: string[];
  language?: string;
  organizationId?: string;
  /** Open-now prefilter: a superset of what `openNow` will say is open at this instant. */
  openAt?: Date;
  near?: { lat: number; lng: number; radiusKm: number };
  /** Keyset: after this (created_at, id) or, with `near`, this (distance, id). */
  after?: { at: string; id: string } | { distance: number; id: string };
  limit: number;
}

const KM_PER_DEGREE_LAT = 111.32;
/** The years open_week_utc's zone offsets were taken from (migration IndexOpenNowInUtc). */
const UTC_WINDOW_YEARS = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2040, 0, 1) };

/** The UTC minute of the week (Monday 00:00 = 0) of an instant. */
export const utcMinuteOfWeek = (at: Date) => ((at.getUTCDay() + 6) % 7) * 1440 + at.getUTCHours() * 60 + at.getUTCMinutes();

const haversine = (lat: string, lng: string) =>
  `(2 * 6371 * asin(sqrt(power(sin(radians(l.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(l.lat)) * power(sin(radians(l.lng - ${lng}) / 2), 2))))`;

/** The local minute of the week (Monday 00:00 = 0) of an instant in a location's zone, as minuteOfWeek in shared/. */
const localMinuteOfWeek = (at: string) =>
  `((extract(isodow FROM (${at} AT TIME ZONE l.timezone))::int - 1) * 1440
    + extract(hour FROM (${at} AT TIME ZONE l.timezone))::int * 60 + extract(minute FROM (${at} AT TIME ZONE l.timezone))::int)`;

/**
 * Every column of resources but `search`: the tsvector is only ever matched in SQL, and as text it
 * was about a third of each row the API received and parsed (for nothing). A column added to
 * resources must be added here to reach ResourceRow.
 */
const RESOURCE_OWN_COLUMNS = [
  'id', 'organization_id', 'hsds_id', 'name', 'description', 'translations', 'categories', 'attributes', 'languages',
  'eligibility', 'application_process', 'fees', 'free', 'minimum_age', 'maximum_age', 'required_documents', 'url', 'email',
  'phone', 'status', 'alert_text', 'alert_until', 'capacity_unit', 'capacity_available', 'capacity_maximum',
  'capacity_updated_at', 'last_verified_at', 'last_verified_by', 'moderation_state', 'moderation_reason', 'created_by',
  'created_at', 'updated_at', 'deleted_at',
].map((c) => `r.${c}`).join(', ');

/** A location's columns, as ResourcesRepository.locations and the list's `locations` read them. */
export const LOCATION_COLUMNS = `id, resource_id, hsds_id, name, address, city, postal_code, region, country, lat, lng, confidential,
  accessibility, transport, timezone, hours, closed, hours_note`;

/**
 * What a card needs of a resource (`view=card`): no texts but the name, and of the translations
 * only each usable language's name (the name itself where a translation has only a description),
 * so pickLanguage chooses as it does for the whole resource. Whole rows were 29 KB of JSON for
 * the demo's first page, nearly all of it parsed and written again for cards that show none of it.
 */
const CARD_OWN_COLUMNS = `r.id, r.name, r.categories, r.attributes, r.status, r.created_at,
  (SELECT coalesce(jsonb_object_agg(t.key, jsonb_build_object('name', coalesce(nullif(t.value->>'name', ''), r.name))), '{}')
     FROM jsonb_each(r.translations) t
    WHERE coalesce(t.value->>'name', '') <> '' OR coalesce(t.value->>'description', '') <> '') AS translations`;

/** What a card needs of a location: where it is, and what open-now reads. */
const CARD_LOCATION_COLUMNS = 'address, city, confidential, timezone, hours, closed';

/**
 * A listed resource's locations in its own row, in their order: the list was two statements, the
 * page and then its locations, and each round trip to Postgres costs both processes more than the
 * JSON (every column here is JSON as is: text, booleans, doubles, a text array, jsonb). Each also
 * carries its `position`, which nothing reads. Not jsonb: that would turn the doubles to numeric.
 */
const listedLocations = (columns: string) => `(SELECT coalesce(json_agg(loc ORDER BY loc.position), '[]'::json)
      FROM (SELECT position, ${columns} FROM resource_locations WHERE resource_id = r.id) loc) AS locations`;

const CARD_COLUMNS = `
  SELECT ${CARD_OWN_COLUMNS}, o.name AS org_name, o.verified_at AS org_verified_at, o.languages AS org_languages`;

/** A resource with its organisation's columns and the viewer's role in it; `$1` is the viewer (or null). */
export const RESOURCE_COLUMNS = `
  SELECT ${RESOURCE_OWN_COLUMNS}, o.slug AS org_slug, o.name AS org_name, o.verified_at AS org_verified_at, o.languages AS org_languages,
         (SELECT m.role FROM organization_members m WHERE m.organization_id = r.organization_id AND m.user_id = $1::uuid) AS viewer_role`;

/**
 * One page of candidates, each with its locations: every filter combined with AND; open-now only
 * as a superset.
 *
 * The page is chosen first on narrow rows (id and sort key), then the chosen rows are read whole
 * by primary key (OFFSET 0 keeps it a lookup per row, never a hash of the table) with their
 * organisation and the viewer's role, so nothing wide or per-row is done for rows the page does
 * not show. Without `near` the page walks resources_listing_idx in its order; open now is
 * a probe of the UTC windows' GiST index, then the exact local-time test. With `near` it starts from
 * the places in the bounding box (resource_locations_coords_idx), not from every resource.
 *
 * `prepare`: whether the statement may be sent as a named prepared statement (core/database/
 * prepared.ts). Planning the directory's first page cost Postgres about as much as running it
 * (0.8 ms each on the demo directory). The page with no filter walks the listing index whatever its
 * values (its limit and cursor), so one generic plan serves it; each shape (a first or a later page,
 * whole resources or cards) is a statement of its own, with its LIMIT written in (page-limit.ts): it
 * may read more rows than `f.limit`; keep the first (`firstRows`).
 * A filter keeps a plan made for its values: a rare category or a small organisation is found
 * faster through its own index than by walking the listing until a page is full.
 *
 * `view`: whole resources, or only what a card shows (CARD_COLUMNS); the page is chosen the same way.
 */
export function resourceListQuery(viewerId: string | null, f: ListFilter, view: 'full' | 'card' = 'full'): { text: string; params: unknown[]; prepare: boolean } {
  // A card has no viewer's role, so its statement has no `$1`.
  const params: unknown[] = view === 'card' ? [] : [viewerId];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [resourceListedSql('r')];
  if (f.q) where.push(`r.search @@ websearch_to_tsquery('simple', ${p(f.q)})`);
  if (f.categories?.length) where.push(`r.categories && ${p(f.categories)}::text[]`);
  if (f.attributes?.length) where.push(`r.attributes @> ${p(f.attributes)}::text[]`);
  if (f.language) where.push(`${p(f.language)} = ANY (r.languages)`);
  if (f.organizationId) where.push(`r.organization_id = ${p(f.organizationId)}::uuid`);
  if (f.openAt) {
    const t = f.openAt.getTime();
    // The UTC windows hold the local ones (and an hour more around daylight-saving time): a wider
    // superset, cheaper to test and to estimate; resourceOpenNow decides either way. Outside the
    // years they were made for, the local windows (the zone's offsets then are not known).
    const inWindowYears = t >= UTC_WINDOW_YEARS.from && t < UTC_WINDOW_YEARS.to;
    const open = inWindowYears ? `l.open_week_utc @> ${p(utcMinuteOfWeek(f.openAt))}::int` : `l.open_week @> ${localMinuteOfWeek(`${p(f.openAt)}::timestamptz`)}`;
    where.push(`r.status = 'active'`);
    where.push(`EXISTS (SELECT 1 FROM resource_locations l WHERE l.resource_id = r.id AND ${open})`);
  }
  let from = 'resources r';
  let key = 'r.created_at';
  let order = `r.created_at DESC, r.id DESC`;
  if (f.near) {
    const lat = `${p(f.near.lat)}::float8`;
    const lng = `${p(f.near.lng)}::float8`;
    const dLat = f.near.radiusKm / KM_PER_DEGREE_LAT;
    const dLng = f.near.radiusKm / (KM_PER_DEGREE_LAT * Math.max(Math.cos((f.near.lat * Math.PI) / 180), 0.01));
    // The places in a bounding box (by index), their resource's nearest one, then the exact distance;
    // confidential places never take part.
    from = `(SELECT l.resource_id, min(${haversine(lat, lng)}) AS distance_km FROM resource_locations l
              WHERE NOT l.confidential AND l.lat IS NOT NULL
                AND l.lat BETWEEN ${p(f.near.lat - dLat)} AND ${p(f.near.lat + dLat)}
                AND l.lng BETWEEN ${p(f.near.lng - dLng)} AND ${p(f.near.lng + dLng)}
              GROUP BY l.resource_id ORDER BY distance_km, l.resource_id) d
            JOIN resources r ON r.id = d.resource_id`;
    where.push(`d.distance_km <= ${p(f.near.radiusKm)}`);
    key = 'd.distance_km';
    order = `d.distance_km, r.id`;
    if (f.after && 'distance' in f.after) where.push(`(d.distance_km, r.id) > (${p(f.after.distance)}::float8, ${p(f.after.id)}::uuid)`);
  } else if (f.after && 'at' in f.after) {
    where.push(`(r.created_at, r.id) < (${p(f.after.at)}::timestamptz, ${p(f.after.id)}::uuid)`);
  }
  const filtered = f.q || f.near || f.openAt || f.categories?.length || f.attributes?.length || f.language || f.organizationId;
  const outerOrder = f.near ? `page.sort_key, r.id` : `page.sort_key DESC, r.id DESC`;
  const text = `WITH page AS (
      SELECT r.id, ${key} AS sort_key FROM ${from}
       WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${filtered ? p(f.limit) : pageLimit(f.limit)})
    ${view === 'card' ? CARD_COLUMNS : RESOURCE_COLUMNS}${f.near ? ', page.sort_key AS distance_km' : ''},
      ${listedLocations(view === 'card' ? CARD_LOCATION_COLUMNS : LOCATION_COLUMNS)}
      FROM page CROSS JOIN LATERAL (SELECT * FROM resources r WHERE r.id = page.id OFFSET 0) r JOIN organizations o ON o.id = r.organization_id
     ORDER BY ${outerOrder}`;
  return { text, params, prepare: !filtered };
}
