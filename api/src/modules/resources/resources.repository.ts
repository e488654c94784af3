import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  weeklyWindows,
  type ConversationState,
  type AccessAttribute,
  type ClosedPeriod,
  type HoursPeriod,
  type OrgRole,
  type ResourceStatus,
  type ResourceTranslation,
} from '@sorstars/shared';
import { prepared } from '../../core/database/prepared.js';
import { firstRows } from '../../core/database/page-limit.js';
import { LOCATION_COLUMNS, RESOURCE_COLUMNS, resourceListQuery, type ListFilter } from './resource-list.sql.js';

export type { ListFilter };

export interface ResourceRow {
  id: string;
  organization_id: string;
  hsds_id: string | null;
  name: string;
  description: string;
  translations: Record<string, ResourceTranslation>;
  categories: string[];
  attributes: AccessAttribute[];
  languages: string[];
  eligibility: string | null;
  application_process: string | null;
  fees: string | null;
  free: boolean;
  minimum_age: number | null;
  maximum_age: number | null;
  required_documents: string[];
  url: string | null;
  email: string | null;
  phone: string | null;
  status: ResourceStatus;
  alert_text: string | null;
  alert_until: Date | null;
  capacity_unit: string | null;
  capacity_available: number | null;
  capacity_maximum: number | null;
  capacity_updated_at: Date | null;
  last_verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
  org_slug: string;
  org_name: string;
  org_verified_at: Date | null;
  org_languages: string[];
  viewer_role: OrgRole | null;
  /** With `near`: kilometres to the nearest public location. */
  distance_km?: number | null;
}

export interface LocationRow {
  id: string;
  resource_id: string;
  hsds_id: string | null;
  name: string | null;
  address: string;
  city: string;
  postal_code: string | null;
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
  hours_note: string | null;
}

/** A row of the directory's list: the resource with its locations, in their order. */
export type ListedResourceRow = ResourceRow & { locations: LocationRow[] };

/** A row of the list as cards (`view=card`, resource-list.sql.ts): what a card shows and open-now reads. */
export type CardLocationRow = Pick<LocationRow, 'address' | 'city' | 'confidential' | 'timezone' | 'hours' | 'closed'>;
export type ListedCardRow = Pick<ResourceRow, 'id' | 'name' | 'categories' | 'attributes' | 'status' | 'created_at' | 'org_name' | 'org_verified_at' | 'org_languages' | 'distance_km'> & {
  /** Only the languages a reader may be given, each with its name alone. */
  translations: Record<string, { name: string }>;
  locations: CardLocationRow[];
};

export interface ResourceWrite {
  name: string;
  description: string;
  translations: Record<string, ResourceTranslation>;
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
  alert: { text: string; until: Date } | null;
  /** Null: no capacity; `keep`: unchanged (its updated time too). */
  capacity: { unit: string; available: number; maximum: number | null } | null | 'keep';
}

export interface LocationWrite {
  hsdsId?: string | null;
  name: string | null;
  address: string;
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
}

/** The open-now prefilter's minute-of-week windows as a Postgres multirange literal. */
export const openWeekLiteral = (hours: readonly HoursPeriod[]) => `{${weeklyWindows(hours).map(([a, b]) => `[${a},${b})`).join(',')}}`;

@Injectable()
export class ResourcesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async find(viewerId: string | null, id: string, m: EntityManager = this.db.manager): Promise<ResourceRow | null> {
    const rows = await m.query(
      `${RESOURCE_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.organization_id
        WHERE r.id = $2 AND r.deleted_at IS NULL AND r.moderation_state IN ('visible', 'pending')`,
      [viewerId, id],
    );
    return rows[0] ?? null;
  }

  /** One page of candidates: every filter in SQL, combined with AND; open-now only as a superset (resource-list.sql.ts). */
  list(viewerId: string | null, f: ListFilter, view: 'full'): Promise<ListedResourceRow[]>;
  list(viewerId: string | null, f: ListFilter, view: 'card'): Promise<ListedCardRow[]>;
  async list(viewerId: string | null, f: ListFilter, view: 'full' | 'card'): Promise<ListedResourceRow[] | ListedCardRow[]> {
    const { text, params, prepare } = resourceListQuery(viewerId, f, view);
    const rows: ListedResourceRow[] | ListedCardRow[] = await this.db.query(prepare ? prepared(text) : text, params);
    return firstRows(rows, f.limit);
  }

  /**
   * Resources by id, as given (whatever their state: callers choose the ids), with their
   * organisation's columns and their locations: the one read the pages and HSDS exports share.
   */
  async loadMany(ids: string[], m: EntityManager = this.db.manager): Promise<{ rows: ResourceRow[]; locations: LocationRow[] }> {
    if (!ids.length) return { rows: [], locations: [] };
    const rows: ResourceRow[] = await m.query(`${RESOURCE_COLUMNS} FROM resources r JOIN organizations o ON o.id = r.organization_id WHERE r.id = ANY($2::uuid[])`, [null, ids]);
    return { rows, locations: await this.locations(ids, m) };
  }

  async locations(resourceIds: string[], m: EntityManager = this.db.manager): Promise<LocationRow[]> {
    if (!resourceIds.length) return [];
    return m.query(
      prepared(`SELECT ${LOCATION_COLUMNS} FROM resource_locations WHERE resource_id = ANY($1::uuid[]) ORDER BY resource_id, position`),
      [resourceIds],
    );
  }

  async insert(m: EntityManager, organizationId: string, createdBy: string | null, w: ResourceWrite, hsdsId: string | null = null): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO resources (organization_id, created_by, hsds_id, name) VALUES ($1, $2, $3, $4) RETURNING id`,
      [organizationId, createdBy, hsdsId, w.name],
    );
    await this.update(m, id, w);
    return id;
  }

  async update(m: EntityManager, id: string, w: ResourceWrite): Promise<void> {
    const capacity = w.capacity === 'keep' ? null : w.capacity;
    await m.query(
      `UPDATE resources SET name = $2, description = $3, translations = $4, categories = $5, attributes = $6, languages = $7,
              eligibility = $8, application_process = $9, fees = $10, free = $11, minimum_age = $12, maximum_age = $13,
              required_documents = $14, url = $15, email = $16, phone = $17, status = $18, alert_text = $19, alert_until = $20,
              ${w.capacity === 'keep' ? '' : `capacity_unit = $21, capacity_available = $22, capacity_maximum = $23,
              capacity_updated_at = CASE WHEN $21::text IS NULL THEN NULL ELSE now() END,`}
              updated_at = now()
        WHERE id = $1`,
      [id, w.name, w.description, JSON.stringify(w.translations), w.categories, w.attributes, w.languages, w.eligibility, w.applicationProcess,
        w.fees, w.free, w.minimumAge, w.maximumAge, w.requiredDocuments, w.url, w.email, w.phone, w.status, w.alert?.text ?? null, w.alert?.until ?? null,
        ...(w.capacity === 'keep' ? [] : [capacity?.unit ?? null, capacity?.available ?? null, capacity?.maximum ?? null])],
    );
  }

  /** Replaces a resource's locations, keeping the open-now prefilter's windows beside the hours. */
  async setLocations(m: EntityManager, resourceId: string, locations: LocationWrite[]): Promise<void> {
    await m.query(`DELETE FROM resource_locations WHERE resource_id = $1`, [resourceId]);
    for (const [i, l] of locations.entries()) {
      await m.query(
        `INSERT INTO resource_locations (resource_id, position, hsds_id, name, address, city, postal_code, region, country, lat, lng, confidential,
                                         accessibility, transport, timezone, hours, closed, hours_note, open_week)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::int4multirange)`,
        [resourceId, i, l.hsdsId ?? null, l.name, l.address, l.city, l.postalCode, l.region, l.country, l.lat, l.lng, l.confidential, l.accessibility,
          l.transport, l.timezone, JSON.stringify(l.hours), JSON.stringify(l.closed), l.hoursNote, openWeekLiteral(l.hours)],
      );
    }
  }

  /**
   * Imports: many new resources in one statement. Ids are made here so each row stays matched to
   * its input whatever order the database writes them in.
   */
  async insertMany(m: EntityManager, rows: { id: string; organizationId: string; createdBy: string | null; hsdsId: string | null; write: ResourceWrite }[]): Promise<void> {
    if (!rows.length) return;
    const records = rows.map(({ id, organizationId, createdBy, hsdsId, write: w }) => {
      const capacity = w.capacity === 'keep' ? null : w.capacity;
      return {
        id, organization_id: organizationId, created_by: createdBy, hsds_id: hsdsId, name: w.name, description: w.description, translations: w.translations,
        categories: w.categories, attributes: w.attributes, languages: w.languages, eligibility: w.eligibility, application_process: w.applicationProcess,
        fees: w.fees, free: w.free, minimum_age: w.minimumAge, maximum_age: w.maximumAge, required_documents: w.requiredDocuments, url: w.url,
        email: w.email, phone: w.phone, status: w.status, alert_text: w.alert?.text ?? null, alert_until: w.alert?.until ?? null,
        capacity_unit: capacity?.unit ?? null, capacity_available: capacity?.available ?? null, capacity_maximum: capacity?.maximum ?? null,
      };
    });
    const columns = `id uuid, organization_id uuid, created_by uuid, hsds_id text, name text, description text, translations jsonb, categories text[],
      attributes text[], languages text[], eligibility text, application_process text, fees text, free boolean, minimum_age int, maximum_age int,
      required_documents text[], url text, email text, phone text, status text, alert_text text, alert_until timestamptz, capacity_unit text,
      capacity_available int, capacity_maximum int`;
    const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0]);
    await m.query(
      `INSERT INTO resources (${names.join(', ')}, capacity_updated_at)
       SELECT ${names.map((n) => `x.${n}`).join(', ')}, CASE WHEN x.capacity_unit IS NULL THEN NULL ELSE now() END
         FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`,
      [JSON.stringify(records)],
    );
  }

  /** Imports: replaces the locations of many resources in two statements. */
  async setLocationsMany(m: EntityManager, byResource: { resourceId: string; locations: LocationWrite[] }[]): Promise<void> {
    if (!byResource.length) return;
    await m.query(`DELETE FROM resource_locations WHERE resource_id = ANY($1::uuid[])`, [byResource.map((r) => r.resourceId)]);
    const records = byResource.flatMap(({ resourceId, locations }) =>
      locations.map((l, i) => ({
        resource_id: resourceId, position: i, hsds_id: l.hsdsId ?? null, name: l.name, address: l.address, city: l.city, postal_code: l.postalCode,
        region: l.region, country: l.country, lat: l.lat, lng: l.lng, confidential: l.confidential, accessibility: l.accessibility, transport: l.transport,
        timezone: l.timezone, hours: l.hours, closed: l.closed, hours_note: l.hoursNote, open_week: openWeekLiteral(l.hours),
      })),
    );
    if (!records.length) return;
    await m.query(
      `INSERT INTO resource_locations (resource_id, position, hsds_id, name, address, city, postal_code, region, country, lat, lng, confidential,
                                       accessibility, transport, timezone, hours, closed, hours_note, open_week)
       SELECT x.resource_id, x.position, x.hsds_id, x.name, x.address, x.city, x.postal_code, x.region, x.country, x.lat, x.lng, x.confidential,
              x.accessibility, x.transport, x.timezone, x.hours, x.closed, x.hours_note, x.open_week::int4multirange
         FROM jsonb_to_recordset($1::jsonb) AS x(resource_id uuid, position int, hsds_id text, name text, address text, city text, postal_code text,
              region text, country text, lat float8, lng float8, confidential boolean, accessibility text[], transport text, timezone text,
              hours jsonb, closed jsonb, hours_note text, open_week text)`,
      [JSON.stringify(records)],
    );
  }

  async addHistoryMany(m: EntityManager, entries: { resourceId: string; actorId: string | null; action: string; changes: Record<string, unknown> }[]): Promise<void> {
    if (!entries.length) return;
    await m.query(
      `INSERT INTO resource_history (resource_id, actor_id, action, changes)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[])`,
      [entries.map((e) => e.resourceId), entries.map((e) => e.actorId), entries.map((e) => e.action), entries.map((e) => JSON.stringify(e.changes))],
    );
  }

  /** Imports: records imported before (by HSDS id), or ones Sorstárs exported itself (whose HSDS id is our id). */
  async findManyByHsdsIds(hsdsIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, { id: string; organization_id: string }>> {
    if (!hsdsIds.length) return new Map();
    const rows: { key: string; id: string; organization_id: string }[] = await m.query(
      `SELECT coalesce(hsds_id, id::text) AS key, id, organization_id FROM resources WHERE coalesce(hsds_id, id::text) = ANY($1::text[]) AND deleted_at IS NULL`,
      [hsdsIds],
    );
    return new Map(rows.map((r) => [r.key, { id: r.id, organization_id: r.organization_id }]));
  }

  async softDelete(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE resources SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  async markVerified(m: EntityManager, id: string, by: string): Promise<void> {
    await m.query(`UPDATE resources SET last_verified_at = now(), last_verified_by = $2 WHERE id = $1`, [id, by]);
    // The check answers the "check it again" task and any "something is wrong here".
    await m.query(
      `UPDATE review_items SET status = 'resolved', resolution = 'verified', resolved_by = $2, resolved_at = now(), updated_at = now()
        WHERE target_type = 'resource' AND target_id = $1 AND kind IN ('stale', 'outdated') AND status = 'open'`,
      [id, by],
    );
  }

  async addHistory(m: EntityManager, resourceId: string, actorId: string | null, action: string, changes: Record<string, unknown>): Promise<void> {
    await m.query(`INSERT INTO resource_history (resource_id, actor_id, action, changes) VALUES ($1, $2, $3, $4)`, [resourceId, actorId, action, JSON.stringify(changes)]);
  }

  async history(resourceId: string): Promise<{ id: string; action: string; changes: Record<string, unknown>; created_at: Date; username: string | null }[]> {
    return this.db.query(
      `SELECT h.id, h.action, h.changes, h.created_at, u.username FROM resource_history h LEFT JOIN users u ON u.id = h.actor_id
        WHERE h.resource_id = $1 ORDER BY h.created_at DESC, h.id DESC LIMIT 200`,
      [resourceId],
    );
  }

  async tips(resourceId: string, viewerId: string | null): Promise<{ id: string; body: string; created_at: Date; author_id: string | null; username: string | null; display_name: string | null }[]> {
    return this.db.query(
      `SELECT t.id, t.body, t.created_at, t.author_id, u.username, u.display_name
         FROM resource_tips t LEFT JOIN users u ON u.id = t.author_id AND u.status <> 'deleted'
        WHERE t.resource_id = $1 AND t.deleted_at IS NULL AND (t.moderation_state = 'visible' OR t.author_id = $2::uuid)
        ORDER BY t.created_at DESC, t.id DESC LIMIT 100`,
      [resourceId, viewerId],
    );
  }

  async addTip(resourceId: string, authorId: string, body: string): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO resource_tips (resource_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`, [resourceId, authorId, body]);
    return id;
  }

  /** "Something is wrong here": one open item per resource; each note is kept as a report on it. */
  async reportOutdated(resourceId: string, reporterId: string, note: string): Promise<string> {
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO review_items (target_type, target_id, kind) VALUES ('resource', $1, 'outdated')
         ON CONFLICT (target_type, target_id, kind) WHERE status = 'open' DO NOTHING`,
        [resourceId],
      );
      const [item] = await m.query(`SELECT id FROM review_items WHERE target_type = 'resource' AND target_id = $1 AND kind = 'outdated' AND status = 'open'`, [resourceId]);
      await m.query(`INSERT INTO reports (review_item_id, reporter_id, reason, note) VALUES ($1, $2, 'other', $3)`, [item.id, reporterId, note]);
      return item.id as string;
    });
  }

  /** "Check it again": an open task for each resource not checked for `days` (since creation if never). */
  async openStaleTasks(days: number, organizationId?: string): Promise<void> {
    await this.db.query(
      `INSERT INTO review_items (target_type, target_id, kind)
       SELECT 'resource', r.id, 'stale' FROM resources r
        WHERE r.deleted_at IS NULL AND coalesce(r.last_verified_at, r.created_at) < now() - make_interval(days => $1)
          AND ($2::uuid IS NULL OR r.organization_id = $2::uuid)
       ON CONFLICT (target_type, target_id, kind) WHERE status = 'open' DO NOTHING`,
      [days, organizationId ?? null],
    );
  }

  /** The organisation's queue: open items about its resources and their tips. */
  /**
   * `$2` is the caller. The person an item is about (a tip's author) is named only while their
   * account stands, and never to themselves; `outreach_*` is "reach out with care" already begun
   * about this item (by anyone), and the conversation only when the caller began it.
   */
  async queue(organizationId: string, callerId: string) {
    return this.db.query(
      `SELECT i.id, i.target_type, i.target_id, i.kind, i.created_at, coalesce(r.id, tr.id) AS resource_id, coalesce(r.name, tr.name) AS resource_name,
              (SELECT coalesce(json_agg(json_build_object('reason', p.reason, 'note', p.note, 'createdAt', p.created_at) ORDER BY p.created_at), '[]')
                 FROM reports p WHERE p.review_item_id = i.id) AS reports,
              su.username AS subject_username, su.display_name AS subject_display_name,
              oc.state AS outreach_state, CASE WHEN oc.initiator_id = $2 THEN oc.id END AS outreach_conversation_id
         FROM review_items i
         LEFT JOIN users su ON su.id = i.subject_user_id AND su.status = 'active' AND su.id <> $2
         LEFT JOIN conversations oc ON oc.origin = 'outreach' AND oc.review_item_id = i.id AND oc.recipient_id = i.subject_user_id
         LEFT JOIN resources r ON i.target_type = 'resource' AND r.id = i.target_id
         LEFT JOIN resource_tips t ON i.target_type = 'tip' AND t.id = i.target_id
         LEFT JOIN resources tr ON tr.id = t.resource_id
        WHERE i.status = 'open' AND coalesce(r.organization_id, tr.organization_id) = $1 AND i.kind IN ('report', 'outdated', 'stale')
        ORDER BY i.created_at`,
      [organizationId, callerId],
    ) as Promise<
      {
        id: string;
        target_type: string;
        target_id: string;
        kind: string;
        created_at: Date;
        resource_id: string;
        resource_name: string;
        reports: unknown[];
        subject_username: string | null;
        subject_display_name: string | null;
        outreach_state: ConversationState | null;
        outreach_conversation_id: string | null;
      }[]
    >;
  }
}
