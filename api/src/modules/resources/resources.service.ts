import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  RESOURCE_REVIEW_DAYS,
  TAXONOMY_CATEGORIES,
  combineOpenNow,
  openNow,
  type CreateResourceInput,
  type EditableResource,
  type ListResourcesQuery,
  type Locale,
  type LocationInput,
  type OpenNow,
  type ResourceCardData,
  type ResourceDetails,
  type ResourceTip,
  type UpdateResourceInput,
} from '@sorstars/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { can, type OrgAction } from '../organizations/organizations.policy.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { resolvePlace } from './places.js';
import { decodeListCursor, encodeListCursor } from './list-cursor.js';
import type { ListFilter } from './resource-list.sql.js';
import { toCard, toDetails, toEditableLocation } from './resources.presenter.js';
import { ResourcesRepository, type CardLocationRow, type LocationRow, type LocationWrite, type ResourceRow, type ResourceWrite } from './resources.repository.js';

/** What paging through the list reads of a row, whole resource or card. */
type PageRow = Pick<ResourceRow, 'id' | 'status' | 'created_at' | 'distance_km'> & { locations: CardLocationRow[] };

/** Without `radiusKm`, "near" means within this distance. */
export const DEFAULT_RADIUS_KM = 25;
/** Open-now candidates are read in batches of this many pages until a page is full. */
const OPEN_NOW_BATCH_PAGES = 4;

/** A top-level category includes its children: `housing` finds `housing-advice` too. */
function expandCategories(codes: string[]): string[] {
  return [...new Set(codes.flatMap((c) => [c, ...TAXONOMY_CATEGORIES.filter((t) => t.parent === c).map((t) => t.code)]))];
}

const mayManage = (user: AuthUser | undefined, row: Pick<ResourceRow, 'viewer_role'>, action: OrgAction = 'manageResource') =>
  can({ userId: user?.id ?? null, platformRoles: user?.roles ?? [], orgRole: row.viewer_role }, action);

@Injectable()
export class ResourcesService {
  constructor(
    private readonly repo: ResourcesRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  /**
   * Every filter combines with AND. Open now is decided as the badge is (openNow per location, combineOpenNow):
   * SQL keeps a superset (minute-of-week windows around the hours), the function decides.
   */
  async list(
    user: AuthUser | undefined,
    locale: Locale,
    q: ListResourcesQuery,
  ): Promise<{ items: ResourceDetails[] | ResourceCardData[]; nextCursor: string | null; place?: { name: string; country: string } }> {
    const at = q.at ? new Date(q.at) : new Date();
    let near = q.near ? { lat: q.near[0], lng: q.near[1], radiusKm: q.radiusKm ?? DEFAULT_RADIUS_KM } : undefined;
    let place: { name: string; country: string } | undefined;
    if (!near && q.city) {
      const found = resolvePlace(q.city, locale);
      if (!found) throw new AppError('PLACE_NOT_FOUND', [{ path: 'city', message: 'validation.invalidValue' }]);
      near = { lat: found.lat, lng: found.lng, radiusKm: q.radiusKm ?? DEFAULT_RADIUS_KM };
      place = { name: found.name, country: found.country };
    }
    const filter: Omit<ListFilter, 'after' | 'limit'> = {
      q: q.q || undefined,
      categories: q.category ? expandCategories(q.category) : undefined,
      attributes: q.attribute,
      language: q.language,
      organizationId: q.organizationId,
      openAt: q.openNow === 'true' ? at : undefined,
      near,
    };
    const found =
      q.view === 'card'
        ? await this.listPage((f) => this.repo.list(null, f, 'card'), filter, q, at, (row, open) => toCard(row, locale, open))
        : await this.listPage((f) => this.repo.list(user?.id ?? null, f, 'full'), filter, q, at, (row, open) => toDetails(row, row.locations, locale, at, mayManage(user, row), open));
    return { ...found, ...(place && { place }) };
  }

  /**
   * One page of the list, whichever shape its rows have: the open-now filter reads batches of
   * candidates until the page is full, deciding with the badge's own function.
   */
  private async listPage<Row extends PageRow, Item>(
    read: (f: ListFilter) => Promise<Row[]>,
    filter: Omit<ListFilter, 'after' | 'limit'>,
    q: ListResourcesQuery,
    at: Date,
    present: (row: Row, open: OpenNow[]) => Item,
  ): Promise<{ items: Item[]; nextCursor: string | null }> {
    const near = !!filter.near;
    const openOnly = !!filter.openAt;
    let after = q.cursor ? decodeListCursor(q.cursor, near) : undefined;
    const page: { row: Row; open: OpenNow[] }[] = [];
    let more = false;
    for (;;) {
      const batch = openOnly ? q.limit * OPEN_NOW_BATCH_PAGES : q.limit + 1;
      const rows = await read({ ...filter, after, limit: batch });
      for (const row of rows) {
        // Worked out once per location: the filter's decision, and then the badge shown for it.
        const open = row.locations.map((l) => openNow(l, at));
        if (openOnly && combineOpenNow(row.status, open).state !== 'open') continue;
        if (page.length === q.limit) {
          more = true;
          break;
        }
        page.push({ row, open });
      }
      const last = rows[rows.length - 1];
      if (more || rows.length < batch || !last) break;
      if (!openOnly) break;
      after = near ? { distance: last.distance_km!, id: last.id } : { at: last.created_at.toISOString(), id: last.id };
    }
    const lastRow = page[page.length - 1]?.row;
    return {
      items: page.map(({ row, open }) => present(row, open)),
      nextCursor: more && lastRow ? encodeListCursor(lastRow, near) : null,
    };
  }

  async get(user: AuthUser | undefined, locale: Locale, id: string, at = new Date()): Promise<ResourceDetails> {
    const row = await this.found(user, id);
    return toDetails(row, await this.repo.locations([row.id]), locale, at, mayManage(user, row));
  }

  async create(user: AuthUser, locale: Locale, input: CreateResourceInput): Promise<ResourceDetails> {
    await this.organizations.authorize(user, input.organizationId, 'postResource');
    const id = await this.repo.transaction(async (m) => {
      const id = await this.repo.insert(m, input.organizationId, user.id, this.prepare(input));
      await this.repo.setLocations(m, id, input.locations.map(toLocationWrite));
      await this.repo.addHistory(m, id, user.id, 'created', { fields: Object.keys(input) });
      return id;
    });
    return this.get(user, locale, id);
  }

  /** Edits never count as "checked": only `verify` sets lastVerifiedAt. */
  async update(user: AuthUser, locale: Locale, id: string, input: UpdateResourceInput): Promise<ResourceDetails> {
    const row = await this.managed(user, id);
    const locations = await this.repo.locations([row.id]);
    const merged: CreateResourceInput = {
      organizationId: row.organization_id,
      name: input.name ?? row.name,
      description: input.description ?? row.description,
      translations: input.translations ?? row.translations,
      categories: input.categories ?? row.categories,
      attributes: input.attributes ?? row.attributes,
      languages: input.languages ?? row.languages,
      eligibility: input.eligibility ?? row.eligibility ?? undefined,
      applicationProcess: input.applicationProcess ?? row.application_process ?? undefined,
      fees: input.fees ?? row.fees ?? undefined,
      free: input.free ?? row.free,
      minimumAge: input.minimumAge ?? row.minimum_age ?? undefined,
      maximumAge: input.maximumAge ?? row.maximum_age ?? undefined,
      requiredDocuments: input.requiredDocuments ?? row.required_documents,
      url: input.url ?? row.url ?? undefined,
      email: input.email ?? row.email ?? undefined,
      phone: input.phone ?? row.phone ?? undefined,
      status: input.status ?? row.status,
      alert: input.alert === undefined ? (row.alert_text && row.alert_until ? { text: row.alert_text, until: row.alert_until.toISOString() } : null) : input.alert,
      capacity: input.capacity,
      locations: [],
    };
    if (merged.minimumAge !== undefined && merged.maximumAge !== undefined && merged.minimumAge > merged.maximumAge) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'maximumAge', message: 'validation.ageRange' }]);
    }
    const write = this.prepare(merged);
    if (input.capacity === undefined) write.capacity = 'keep';
    await this.repo.transaction(async (m) => {
      await this.repo.update(m, row.id, write);
      if (input.locations) await this.repo.setLocations(m, row.id, input.locations.map(toLocationWrite));
      await this.repo.addHistory(m, row.id, user.id, 'updated', { fields: Object.keys(input), before: snapshot(row, locations) });
    });
    return this.get(user, locale, row.id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const row = await this.managed(user, id);
    await this.repo.transaction(async (m) => {
      await this.repo.softDelete(m, row.id);
      await this.repo.addHistory(m, row.id, user.id, 'deleted', {});
    });
  }

  /** "The details are still right": the only thing that sets lastVerifiedAt. */
  async verify(user: AuthUser, locale: Locale, id: string): Promise<ResourceDetails> {
    const row = await this.managed(user, id);
    await this.repo.transaction(async (m) => {
      await this.repo.markVerified(m, row.id, user.id);
      await this.repo.addHistory(m, row.id, user.id, 'verified', {});
    });
    return this.get(user, locale, row.id);
  }

  async outdated(user: AuthUser, id: string, note: string): Promise<{ reviewItemId: string }> {
    const row = await this.found(user, id);
    return { reviewItemId: await this.repo.reportOutdated(row.id, user.id, note) };
  }

  async tips(user: AuthUser | undefined, id: string): Promise<{ items: ResourceTip[] }> {
    const row = await this.found(user, id);
    const rows = await this.repo.tips(row.id, user?.id ?? null);
    return {
      items: rows.map((t) => ({
        id: t.id,
        body: t.body,
        author: t.author_id && t.username ? { id: t.author_id, username: t.username, displayName: t.display_name } : null,
        createdAt: t.created_at.toISOString(),
      })),
    };
  }

  async addTip(user: AuthUser, id: string, body: string): Promise<ResourceTip> {
    const row = await this.found(user, id);
    const tipId = await this.repo.addTip(row.id, user.id, body);
    return (await this.tips(user, row.id)).items.find((t) => t.id === tipId)!;
  }

  /** Resources and their locations by id, for other modules' read models (HSDS exports); no access check. */
  readMany(ids: string[], m?: EntityManager): Promise<{ rows: ResourceRow[]; locations: LocationRow[] }> {
    return this.repo.loadMany(ids, m);
  }

  /** The editor's starting point: original texts, translations, full locations (see EditableResource). */
  async editable(user: AuthUser, id: string): Promise<EditableResource> {
    const row = await this.managed(user, id);
    const showConfidential = mayManage(user, row, 'seeConfidentialLocations');
    const locations = await this.repo.locations([row.id]);
    return {
      id: row.id,
      original: { name: row.name, description: row.description, eligibility: row.eligibility, applicationProcess: row.application_process, fees: row.fees },
      translations: row.translations,
      locations: locations.map((l) => toEditableLocation(l, showConfidential)),
      confidentialShown: showConfidential,
    };
  }

  async history(user: AuthUser, id: string) {
    const row = await this.managed(user, id);
    return {
      items: (await this.repo.history(row.id)).map((h) => ({ id: h.id, action: h.action, changes: h.changes, by: h.username, at: h.created_at.toISOString() })),
    };
  }

  /** The organisation's queue: "something is wrong here", "check it again" (150 days) and reports. */
  async queue(user: AuthUser, organizationId: string) {
    const org = await this.organizations.authorize(user, organizationId, 'seeQueue');
    await this.repo.openStaleTasks(RESOURCE_REVIEW_DAYS, org.id);
    const rows = await this.repo.queue(org.id, user.id);
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        targetType: r.target_type,
        targetId: r.target_id,
        resource: { id: r.resource_id, name: r.resource_name },
        reports: r.reports,
        createdAt: r.created_at.toISOString(),
        // Whom "reach out with care" would write to, and whether that has begun (a decline is final).
        person: r.subject_username ? { username: r.subject_username, displayName: r.subject_display_name } : null,
        outreach: r.outreach_state ? { state: r.outreach_state, conversationId: r.outreach_conversation_id } : null,
      })),
    };
  }

  /** For the periodic sweep: "check it again" tasks across every organisation. */
  openStaleTasks(): Promise<void> {
    return this.repo.openStaleTasks(RESOURCE_REVIEW_DAYS);
  }

  private async found(user: AuthUser | undefined, id: string): Promise<ResourceRow> {
    const row = await this.repo.find(user?.id ?? null, id);
    if (!row) throw new AppError('RESOURCE_NOT_FOUND');
    return row;
  }

  private async managed(user: AuthUser, id: string): Promise<ResourceRow> {
    const row = await this.found(user, id);
    if (!mayManage(user, row)) throw new AppError('FORBIDDEN');
    return row;
  }

  prepare(input: CreateResourceInput): ResourceWrite {
    return {
      name: input.name,
      description: input.description,
      translations: input.translations ?? {},
      categories: [...new Set(input.categories)],
      attributes: [...new Set(input.attributes ?? [])],
      languages: [...new Set(input.languages)],
      eligibility: input.eligibility || null,
      applicationProcess: input.applicationProcess || null,
      fees: input.fees || null,
      // "Free" is both a flag and an access attribute; either sets both.
      free: input.free ?? (input.attributes ?? []).includes('free'),
      minimumAge: input.minimumAge ?? null,
      maximumAge: input.maximumAge ?? null,
      requiredDocuments: input.requiredDocuments ?? [],
      url: input.url || null,
      email: input.email || null,
      phone: input.phone || null,
      status: input.status ?? 'active',
      alert: input.alert ? { text: input.alert.text, until: new Date(input.alert.until) } : null,
      capacity: input.capacity ? { unit: input.capacity.unit, available: input.capacity.available, maximum: input.capacity.maximum ?? null } : null,
    };
  }

  /** For imports (HSDS): writes a resource and its locations in one transaction, never touching lastVerifiedAt. */
  async writeImported(m: EntityManager, actorId: string | null, organizationId: string, hsdsId: string, input: CreateResourceInput, locations: LocationWrite[]): Promise<{ id: string; created: boolean }> {
    const [written] = await this.writeImportedMany(m, actorId, [{ organizationId, hsdsId, input, locations }]);
    return written!;
  }

  /**
   * For imports: the same preparation as every other change, never marking anything as checked, in
   * a few statements for a whole batch (the new records in one insert).
   */
  async writeImportedMany(
    m: EntityManager,
    actorId: string | null,
    items: { organizationId: string; hsdsId: string; input: CreateResourceInput; locations: LocationWrite[] }[],
  ): Promise<{ id: string; created: boolean }[]> {
    const existing = await this.repo.findManyByHsdsIds(items.map((i) => i.hsdsId), m);
    const out = items.map((item) => {
      const known = existing.get(item.hsdsId);
      return { ...item, id: known?.id ?? randomUUID(), created: !known, write: this.prepare(item.input) };
    });
    await this.repo.insertMany(m, out.filter((o) => o.created).map((o) => ({ id: o.id, organizationId: o.organizationId, createdBy: actorId, hsdsId: o.hsdsId, write: o.write })));
    for (const o of out.filter((o) => !o.created)) await this.repo.update(m, o.id, o.write);
    await this.repo.setLocationsMany(m, out.map((o) => ({ resourceId: o.id, locations: o.locations })));
    await this.repo.addHistoryMany(m, out.map((o) => ({ resourceId: o.id, actorId, action: 'imported', changes: { hsdsId: o.hsdsId } })));
    return out.map((o) => ({ id: o.id, created: o.created }));
  }
}

export function toLocationWrite(l: LocationInput): LocationWrite {
  return {
    name: l.name || null,
    address: l.address,
    city: l.city,
    postalCode: l.postalCode || null,
    region: l.region || null,
    country: l.country,
    lat: l.lat ?? null,
    lng: l.lng ?? null,
    confidential: l.confidential ?? false,
    accessibility: l.accessibility ?? [],
    transport: l.transport || null,
    timezone: l.timezone,
    hours: l.hours,
    closed: l.closed ?? [],
    hoursNote: l.hoursNote || null,
  };
}

/** What a resource was before an edit, for the staff's history (kept on the server; staff only). */
function snapshot(row: ResourceRow, locations: LocationRow[]) {
  const { viewer_role: _viewer, org_slug: _slug, org_name: _name, org_verified_at: _verified, org_languages: _languages, distance_km: _distance, ...rest } = row;
  // A refuge's address stays out of the history too: it never leaves the server in any answer.
  return {
    ...rest,
    locations: locations.map(({ resource_id: _resource, ...l }) => (l.confidential ? { ...l, address: null, postal_code: null, lat: null, lng: null, transport: null } : l)),
  };
}
