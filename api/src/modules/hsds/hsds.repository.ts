import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrgRole } from '@sorstars/shared';
import type { OrganizationRow as OrganizationTableRow } from '../organizations/organizations.repository.js';
import { ResourcesService } from '../resources/resources.service.js';
import { organizationSource, resourceSource, type OrganizationSource, type ResourceSource } from './hsds-sources.js';

/** The filters HSDS lists share; every one given must hold (AND). */
export interface HsdsFilters {
  search?: string;
  /** Category / attribute codes, any of which a resource must carry (from taxonomy_term_id). */
  termCodes?: string[];
  /** Codes of one taxonomy, any of which a resource must carry (from taxonomy_id). */
  taxonomyCodes?: string[];
  /** An organisation's HSDS id (or Sorstárs id). */
  organizationId?: string;
  modifiedAfter?: string;
}

export interface HsdsDocumentRow {
  document: Record<string, unknown>;
  baseline: Record<string, string>;
  sal_ids: Record<string, string>;
}

/** The columns of the tables as selected here (the organisations' and resources' own row types). */
type OrganizationRow = Omit<OrganizationTableRow, 'viewer_role'>;

/** Where a confidential location is: never to appear in any export. */
export interface ConfidentialPlace {
  address: string | null;
  lat: number | null;
  lng: number | null;
}

/** An imported HSDS document, kept beside the record it became. */
export interface ImportedDocument {
  document: unknown;
  baseline: Record<string, string>;
  salIds: Record<string, string>;
  importedBy: string | null;
}

/** What HSDS may show: resources that exist and are not held back by moderation. */
const PUBLIC_RESOURCE = `r.deleted_at IS NULL AND r.moderation_state = 'visible'`;

/** Reads and writes for the HSDS API; Sorstárs's own tables are read, never changed, here. */
@Injectable()
export class HsdsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resources: ResourcesService,
  ) {}

  private where(filters: HsdsFilters, params: unknown[]): string {
    const clauses = [PUBLIC_RESOURCE];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filters.search) clauses.push(`r.search @@ websearch_to_tsquery('simple', ${param(filters.search)})`);
    if (filters.termCodes) {
      const p = param(filters.termCodes);
      clauses.push(`(r.categories && ${p}::text[] OR r.attributes && ${p}::text[])`);
    }
    if (filters.taxonomyCodes) {
      const p = param(filters.taxonomyCodes);
      clauses.push(`(r.categories && ${p}::text[] OR r.attributes && ${p}::text[])`);
    }
    if (filters.organizationId) {
      clauses.push(`r.organization_id = (SELECT o.id FROM organizations o WHERE coalesce(o.hsds_id, o.id::text) = ${param(filters.organizationId)})`);
    }
    if (filters.modifiedAfter) clauses.push(`r.updated_at >= ${param(filters.modifiedAfter)}::timestamptz`);
    return clauses.join(' AND ');
  }

  /** One page of public resource ids (Sorstárs ids) and the total. */
  async pageOfResources(filters: HsdsFilters, limit: number, offset: number): Promise<{ ids: string[]; total: number }> {
    const params: unknown[] = [];
    const where = this.where(filters, params);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM resources r WHERE ${where}`, params);
    const rows: { id: string }[] = await this.db.query(
      `SELECT r.id FROM resources r WHERE ${where} ORDER BY r.created_at, r.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { ids: rows.map((r) => r.id), total };
  }

  /** `?minimal=true`: the few columns of every matching resource, in one query. */
  async minimalResources(filters: HsdsFilters, limit: number, offset: number) {
    const params: unknown[] = [];
    const where = this.where(filters, params);
    const rows: { id: string; hsds_id: string | null; name: string; status: string; updated_at: Date; total: number }[] = await this.db.query(
      `SELECT r.id, r.hsds_id, r.name, r.status, r.updated_at, count(*) OVER ()::int AS total
         FROM resources r WHERE ${where} ORDER BY r.created_at, r.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const total = rows[0]?.total ?? (offset > 0 ? (await this.pageOfResources(filters, 0, 0)).total : 0);
    return { rows: rows.map((r) => ({ id: r.id, hsdsId: r.hsds_id, name: r.name, status: r.status, updatedAt: r.updated_at })), total };
  }

  /** A public resource by its HSDS id or Sorstárs id. */
  async findResourceId(hsdsOrId: string, db: DataSource | EntityManager = this.db): Promise<string | null> {
    const rows: { id: string }[] = await db.query(
      `SELECT r.id FROM resources r WHERE coalesce(r.hsds_id, r.id::text) = $1 AND ${PUBLIC_RESOURCE}`,
      [hsdsOrId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Resources with their organisations, locations and imported documents, in the order asked. The
   * resources' own rows are read by the resources module (one SELECT for pages and exports alike);
   * this adds the organisations' full rows and the HSDS documents kept beside them.
   */
  async loadResources(ids: string[], m?: EntityManager): Promise<{ source: ResourceSource; document: HsdsDocumentRow | null; organizationDocument: HsdsDocumentRow | null }[]> {
    if (!ids.length) return [];
    const db = m ?? this.db;
    const { rows: resources, locations } = await this.resources.readMany(ids, m);
    const orgIds = [...new Set(resources.map((r) => r.organization_id))];
    const [orgs, docs]: [OrganizationRow[], (HsdsDocumentRow & { resource_id: string | null; organization_id: string | null })[]] = await Promise.all([
      db.query(`SELECT * FROM organizations WHERE id = ANY($1::uuid[])`, [orgIds]),
      db.query(
        `SELECT resource_id, organization_id, document, baseline, sal_ids FROM hsds_documents
          WHERE resource_id = ANY($1::uuid[]) OR organization_id = ANY($2::uuid[])`,
        [ids, orgIds],
      ),
    ]);
    const orgById = new Map(orgs.map((o) => [o.id, organizationSource(o)]));
    const docByResource = new Map(docs.filter((d) => d.resource_id).map((d) => [d.resource_id!, d]));
    const docByOrg = new Map(docs.filter((d) => d.organization_id).map((d) => [d.organization_id!, d]));
    const byId = new Map(resources.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const document = docByResource.get(id) ?? null;
      const mine = locations.filter((l) => l.resource_id === id);
      return [{ source: resourceSource(r, orgById.get(r.organization_id)!, mine, document?.sal_ids ?? {}), document, organizationDocument: docByOrg.get(r.organization_id) ?? null }];
    });
  }

  async pageOfOrganizations(filters: Pick<HsdsFilters, 'search' | 'termCodes' | 'taxonomyCodes'>, limit: number, offset: number) {
    const params: unknown[] = [];
    const clauses = ['true'];
    if (filters.search) {
      params.push(`%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      clauses.push(`(o.name ILIKE $${params.length} OR o.description ILIKE $${params.length})`);
    }
    for (const c of [filters.termCodes, filters.taxonomyCodes]) {
      if (!c) continue;
      params.push(c);
      clauses.push(`EXISTS (SELECT 1 FROM resources r WHERE r.organization_id = o.id AND ${PUBLIC_RESOURCE}
                     AND (r.categories && $${params.length}::text[] OR r.attributes && $${params.length}::text[]))`);
    }
    const where = clauses.join(' AND ');
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM organizations o WHERE ${where}`, params);
    const rows: { id: string }[] = await this.db.query(`SELECT o.id FROM organizations o WHERE ${where} ORDER BY o.created_at, o.id LIMIT ${limit} OFFSET ${offset}`, params);
    return { ids: rows.map((r) => r.id), total };
  }

  async findOrganizationId(hsdsOrId: string, db: DataSource | EntityManager = this.db): Promise<string | null> {
    const rows: { id: string }[] = await db.query(`SELECT id FROM organizations WHERE coalesce(hsds_id, id::text) = $1`, [hsdsOrId]);
    return rows[0]?.id ?? null;
  }

  async loadOrganizations(
    ids: string[],
    db: DataSource | EntityManager = this.db,
  ): Promise<{ source: OrganizationSource; document: HsdsDocumentRow | null; confidentialPlaces: ConfidentialPlace[] }[]> {
    if (!ids.length) return [];
    const [orgs, docs, places]: [OrganizationRow[], (HsdsDocumentRow & { organization_id: string })[], (ConfidentialPlace & { organization_id: string })[]] = await Promise.all([
      db.query(`SELECT * FROM organizations WHERE id = ANY($1::uuid[])`, [ids]),
      db.query(`SELECT organization_id, document, baseline, sal_ids FROM hsds_documents WHERE organization_id = ANY($1::uuid[])`, [ids]),
      db.query(
        `SELECT r.organization_id, l.address, l.lat, l.lng FROM resource_locations l JOIN resources r ON r.id = l.resource_id
          WHERE l.confidential AND r.organization_id = ANY($1::uuid[])`,
        [ids],
      ),
    ]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const docs2 = new Map(docs.map((d) => [d.organization_id, d]));
    return ids.flatMap((id) =>
      byId.has(id)
        ? [{ source: organizationSource(byId.get(id)!), document: docs2.get(id) ?? null, confidentialPlaces: places.filter((p) => p.organization_id === id) }]
        : [],
    );
  }

  /** Service-at-locations are a public resource's locations: one page of (resource, location) ids. */
  async pageOfLocations(filters: HsdsFilters, limit: number, offset: number): Promise<{ pairs: { resourceId: string; locationId: string }[]; total: number }> {
    const params: unknown[] = [];
    const where = this.where(filters, params);
    const from = `resource_locations l JOIN resources r ON r.id = l.resource_id`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`, params);
    const rows: { resource_id: string; id: string }[] = await this.db.query(
      `SELECT l.resource_id, l.id FROM ${from} WHERE ${where} ORDER BY r.created_at, r.id, l.position, l.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { pairs: rows.map((r) => ({ resourceId: r.resource_id, locationId: r.id })), total };
  }

  /** A service-at-location by the id HSDS shows: an imported one's own id, else its location's id. */
  async findServiceAtLocation(id: string): Promise<{ resourceId: string; locationId: string } | null> {
    const rows: { resource_id: string; id: string }[] = await this.db.query(
      `SELECT l.resource_id, l.id FROM resource_locations l JOIN resources r ON r.id = l.resource_id
        WHERE ${PUBLIC_RESOURCE}
          AND (l.id::text = $1
               OR l.hsds_id = (SELECT d.sal_ids ->> $1 FROM hsds_documents d WHERE d.resource_id = r.id AND d.sal_ids ? $1))
        LIMIT 1`,
      [id],
    );
    return rows[0] ? { resourceId: rows[0].resource_id, locationId: rows[0].id } : null;
  }

  /** The caller's role in each organisation asked about (absent: not a member). */
  async rolesOf(userId: string, organizationIds: string[]): Promise<Map<string, OrgRole>> {
    if (!organizationIds.length) return new Map();
    const rows: { organization_id: string; role: OrgRole }[] = await this.db.query(
      `SELECT organization_id, role FROM organization_members WHERE user_id = $1 AND organization_id = ANY($2::uuid[])`,
      [userId, organizationIds],
    );
    return new Map(rows.map((r) => [r.organization_id, r.role]));
  }

  /** Resources by HSDS id (or Sorstárs id), with their organisation, to tell an update from a create. */
  async resourcesByHsdsIds(ids: string[]): Promise<Map<string, { id: string; organizationId: string }>> {
    if (!ids.length) return new Map();
    const rows: { key: string; id: string; organization_id: string }[] = await this.db.query(
      `SELECT coalesce(hsds_id, id::text) AS key, id, organization_id FROM resources
        WHERE deleted_at IS NULL AND coalesce(hsds_id, id::text) = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.key, { id: r.id, organizationId: r.organization_id }]));
  }

  async organizationsByHsdsIds(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { key: string; id: string }[] = await this.db.query(
      `SELECT coalesce(hsds_id, id::text) AS key, id FROM organizations WHERE coalesce(hsds_id, id::text) = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  /** Keeps the imported document beside the record (replacing an earlier import of it). */
  async saveDocument(m: EntityManager, target: { resourceId: string } | { organizationId: string }, doc: ImportedDocument): Promise<void> {
    if ('resourceId' in target) return this.saveResourceDocuments(m, [{ resourceId: target.resourceId, ...doc }]);
    await m.query(
      `INSERT INTO hsds_documents (organization_id, document, baseline, sal_ids, imported_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id) DO UPDATE SET document = EXCLUDED.document, baseline = EXCLUDED.baseline,
         sal_ids = EXCLUDED.sal_ids, imported_by = EXCLUDED.imported_by, imported_at = now()`,
      [target.organizationId, JSON.stringify(doc.document), JSON.stringify(doc.baseline), JSON.stringify(doc.salIds), doc.importedBy],
    );
  }

  /** The documents of many imported services, in one statement. */
  async saveResourceDocuments(m: EntityManager, docs: (ImportedDocument & { resourceId: string })[]): Promise<void> {
    if (!docs.length) return;
    await m.query(
      `INSERT INTO hsds_documents (resource_id, document, baseline, sal_ids, imported_by)
       SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::jsonb[], $5::uuid[])
       ON CONFLICT (resource_id) DO UPDATE SET document = EXCLUDED.document, baseline = EXCLUDED.baseline,
         sal_ids = EXCLUDED.sal_ids, imported_by = EXCLUDED.imported_by, imported_at = now()`,
      [
        docs.map((d) => d.resourceId),
        docs.map((d) => JSON.stringify(d.document)),
        docs.map((d) => JSON.stringify(d.baseline)),
        docs.map((d) => JSON.stringify(d.salIds)),
        docs.map((d) => d.importedBy),
      ],
    );
  }

  /** The organisation an import names (`?organization_id=`, the CLI's --organization): id, HSDS id or slug. */
  async findOrganizationRef(ref: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM organizations WHERE coalesce(hsds_id, id::text) = $1 OR slug = $1 LIMIT 1`, [ref]);
    return rows[0]?.id ?? null;
  }

  /** Who a command-line import acts as: the named user, else the longest-standing active admin. */
  async importActor(usernameKey: string | null): Promise<{ id: string; username: string; display_name: string | null; locale: string; roles: string[] } | null> {
    const rows = await this.db.query(
      `SELECT id, username, display_name, locale, roles FROM users
        WHERE status = 'active' AND deleted_at IS NULL AND ($1::text IS NULL AND 'admin' = ANY (roles) OR username_key = $1)
        ORDER BY created_at LIMIT 1`,
      [usernameKey],
    );
    return rows[0] ?? null;
  }
}
