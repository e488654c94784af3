import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  createOrganizationSchema,
  createResourceSchema,
  locationInputSchema,
  type CreateOrganizationInput,
  type CreateResourceInput,
  type FieldError,
  usernameKey,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { translate } from '../../core/i18n/i18n.js';
import { can } from '../organizations/organizations.policy.js';
import { toHsdsOrganization, toHsdsService } from './hsds-export.js';
import { fitToSchema, locationsFromHsds, organizationFieldsFromHsds, resourceFieldsFromHsds } from './hsds-import-mapping.js';
import { baselineOf, FINGERPRINT_AT } from './hsds-roundtrip.js';
import { HsdsValidator, type HsdsFieldError } from './hsds-validator.js';
import { HsdsRepository } from './hsds.repository.js';
import { exportOrganization } from './hsds.service.js';
import { HsdsWriter } from './hsds-writer.js';

type Json = Record<string, unknown>;

export interface ImportResult {
  created: number;
  updated: number;
  rejected: { index: number; id?: string; errors: HsdsFieldError[] }[];
}

export interface ImportOptions {
  /** Where services go when they do not name an organisation Sorstárs knows (its id or HSDS id). */
  organizationId?: string;
  /** A category code for services whose attributes name none of ours (Sorstárs needs one). */
  defaultCategory?: string;
}

/**
 * Services per transaction (written with multi-row statements), and transactions at once. A batch
 * the database refuses is stored again one savepoint per record, so one bad record costs only itself.
 */
const IMPORT_BATCH = 250;
const IMPORT_CONCURRENCY = 2;
/** Organisations are few: each in a savepoint of its own. */
const ORGANIZATION_BATCH = 50;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Keys only an HSDS organization has; anything else is read as a service. */
const ORGANIZATION_ONLY = ['website', 'additional_websites', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status', 'logo', 'uri', 'parent_organization_id', 'organization_identifiers', 'programs', 'locations', 'services'];
const kindOf = (record: Json): 'service' | 'organization' =>
  !('status' in record) && ORGANIZATION_ONLY.some((k) => k in record) ? 'organization' : 'service';

const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

/** The records of a body: one object, an array of them, or an HSDS Page (`contents`). */
export function recordsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const page = obj(body);
  if (page && Array.isArray(page.contents)) return page.contents;
  if (page) return [page];
  throw new AppError('VALIDATION_FAILED', [{ path: '(body)', message: 'validation.invalidType' }]);
}

interface Planned {
  index: number;
  kind: 'service' | 'organization';
  record: Json;
  /** The Sorstárs organisation a service goes into (null: its nested organisation is created first). */
  organizationId: string | null;
  /** The existing record this one updates. */
  existingId: string | null;
  /** For a service nested in (or bringing) an organisation stored earlier in this import: its HSDS id. */
  parentHsdsId?: string;
}

/** Organisations stored earlier in one import, by HSDS id. */
type CreatedOrganizations = Map<string, string>;

/** A service mapped to what Sorstárs holds, ready to store. */
interface FittedService {
  item: Planned;
  input: CreateResourceInput;
  locationHsdsIds: (string | null)[];
  /** Service-at-location HSDS id → location HSDS id. */
  salIds: Record<string, string>;
}

/**
 * HSDS 3.1 in: each record is checked against the official schema, mapped to what Sorstárs holds,
 * and stored through the organisations' and resources' own service path, each in its own
 * transaction, with the whole document kept for exports. The same HSDS id updates, never
 * duplicates. Permissions are checked for every record before anything is stored: one record the
 * caller may not write makes the whole request a 403.
 */
@Injectable()
export class HsdsImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: HsdsRepository,
    private readonly validator: HsdsValidator,
    private readonly writer: HsdsWriter,
  ) {}

  async importBody(actor: AuthUser, body: unknown, options: ImportOptions = {}): Promise<ImportResult> {
    const records = recordsOf(body);
    const result: ImportResult = { created: 0, updated: 0, rejected: [] };
    const valid: { index: number; record: Json; kind: 'service' | 'organization' }[] = [];
    records.forEach((raw, index) => {
      const record = obj(raw);
      if (!record) return result.rejected.push({ index, errors: [{ path: '(root)', message: 'validation.hsdsNotObject' }] });
      const kind = kindOf(record);
      const errors = this.validator.errors(kind, record);
      if (errors.length) return result.rejected.push({ index, id: typeof record.id === 'string' ? record.id : undefined, errors });
      valid.push({ index, record, kind });
    });
    const planned = await this.plan(actor, valid, options, result);
    const createdOrganizations: CreatedOrganizations = new Map();
    const tally = (item: Planned, outcome: { errors: FieldError[] } | { created: boolean }) => {
      if ('errors' in outcome) result.rejected.push({ index: item.index, id: String(item.record.id), errors: outcome.errors });
      else if (outcome.created) result.created++;
      else result.updated++;
    };
    // One record per savepoint, in one transaction: what organisations use, and the fallback for a
    // batch of services the database refused as a whole.
    const storeOneByOne = (items: Planned[]) =>
      this.db.transaction(async (batch) => {
        for (const item of items) tally(item, await this.store(batch, actor, item, options, createdOrganizations));
      });
    // Services: each is mapped and checked first (nothing stored for one that does not fit), then
    // a batch is written in one transaction with multi-row statements.
    const storeServices = async (items: Planned[]) => {
      const fitted: FittedService[] = [];
      for (const item of items) {
        const fit = this.fitService(item, options, createdOrganizations);
        if ('errors' in fit) tally(item, fit);
        else fitted.push(fit);
      }
      if (!fitted.length) return;
      let written: boolean[];
      try {
        written = await this.db.transaction((m) => this.storeServicesTogether(actor, fitted, m));
      } catch {
        return storeOneByOne(fitted.map((f) => f.item));
      }
      fitted.forEach((f, i) => tally(f.item, { created: written[i]! }));
    };
    // Organisations go first (services may belong to one created here); services then run in a few
    // batches at once, on separate connections — except a second record with the same id, which
    // waits for a last pass so two writes of one record never race.
    const seen = new Set<string>();
    const firsts: Planned[] = [];
    const repeats: Planned[] = [];
    for (const item of planned.filter((p) => p.kind === 'service')) {
      const key = String(item.record.id);
      (seen.has(key) ? repeats : firsts).push(item);
      seen.add(key);
    }
    for (const items of chunks(planned.filter((p) => p.kind === 'organization'), ORGANIZATION_BATCH)) await storeOneByOne(items);
    const queue = chunks(firsts, IMPORT_BATCH);
    await Promise.all(
      Array.from({ length: IMPORT_CONCURRENCY }, async () => {
        for (let items = queue.shift(); items; items = queue.shift()) await storeServices(items);
      }),
    );
    // Repeats one at a time, in order: the last one given wins.
    for (const item of repeats) await storeServices([item]);
    result.rejected.sort((a, b) => a.index - b.index);
    // Sorstárs's own reasons are i18n keys; the schema's (Ajv's) are English already.
    for (const r of result.rejected) {
      r.errors = r.errors.map((e) => (e.message.startsWith('validation.') ? { ...e, message: translate(actor.locale, 'errors', e.message) } : e));
    }
    return result;
  }

  /** A command-line import: as the named user, or the longest-standing admin. */
  async importAsUser(username: string | null, body: unknown, options: ImportOptions): Promise<ImportResult> {
    const row = await this.repo.importActor(username === null ? null : usernameKey(username));
    if (!row) throw new AppError('USER_NOT_FOUND');
    const actor: AuthUser = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      locale: row.locale as AuthUser['locale'],
      roles: row.roles as AuthUser['roles'],
      via: 'token',
      credentialId: 'cli',
    };
    return this.importBody(actor, body, options);
  }

  /** Works out where each record goes and refuses the request (403) if the caller may not write any of them. */
  private async plan(actor: AuthUser, valid: { index: number; record: Json; kind: 'service' | 'organization' }[], options: ImportOptions, result: ImportResult): Promise<Planned[]> {
    const orgKeys = new Set<string>();
    const serviceKeys: string[] = [];
    for (const { record, kind } of valid) {
      if (kind === 'organization') orgKeys.add(String(record.id));
      else {
        serviceKeys.push(String(record.id));
        for (const key of [record.organization_id, obj(record.organization)?.id]) if (typeof key === 'string') orgKeys.add(key);
      }
    }
    const [orgs, resources] = await Promise.all([this.repo.organizationsByHsdsIds([...orgKeys]), this.repo.resourcesByHsdsIds(serviceKeys)]);
    let explicit: string | null = null;
    if (options.organizationId) {
      explicit = await this.repo.findOrganizationRef(options.organizationId);
      if (!explicit) throw new AppError('VALIDATION_FAILED', [{ path: 'organization_id', message: 'validation.invalidValue' }]);
    }

    const planned: Planned[] = [];
    for (const { index, record, kind } of valid) {
      const id = String(record.id);
      if (kind === 'organization') {
        planned.push({ index, kind, record, organizationId: orgs.get(id) ?? null, existingId: orgs.get(id) ?? null });
        for (const nested of Array.isArray(record.services) ? record.services : []) {
          const service = obj(nested);
          if (service && !this.validator.errors('service', service).length) {
            // An existing service is checked against the organisation it belongs to, not the one naming it.
            const existing = resources.get(String(service.id));
            planned.push({ index, kind: 'service', record: service, organizationId: existing?.organizationId ?? orgs.get(id) ?? null, existingId: existing?.id ?? null, parentHsdsId: id });
          }
        }
        continue;
      }
      const existing = resources.get(id) ?? null;
      const named = [record.organization_id, obj(record.organization)?.id].map((k) => (typeof k === 'string' ? orgs.get(k) : undefined)).find(Boolean) ?? null;
      const organizationId = existing?.organizationId ?? explicit ?? named;
      if (existing && explicit && existing.organizationId !== explicit) {
        result.rejected.push({ index, id, errors: [{ path: 'id', message: 'validation.hsdsOtherOrganization' }] });
        continue;
      }
      if (!organizationId && !obj(record.organization)) {
        result.rejected.push({ index, id, errors: [{ path: 'organization_id', message: 'validation.hsdsNoOrganization' }] });
        continue;
      }
      if (!organizationId) {
        // The service brings its organisation: store that first, as an organisation record of its own.
        planned.push({ index, kind: 'organization', record: obj(record.organization)!, organizationId: null, existingId: null });
      }
      planned.push({ index, kind, record, organizationId, existingId: existing?.id ?? null, parentHsdsId: organizationId ? undefined : String(obj(record.organization)!.id) });
    }

    // Permissions for every record before anything is stored.
    const roles = await this.repo.rolesOf(actor.id, [...new Set(planned.map((p) => p.organizationId).filter((o): o is string => !!o))]);
    for (const p of planned) {
      const viewer = { userId: actor.id, platformRoles: actor.roles, orgRole: p.organizationId ? roles.get(p.organizationId) ?? null : null };
      const allowed = p.kind === 'organization' ? (p.existingId ? can(viewer, 'update') : actor.roles.includes('admin')) : p.organizationId ? can(viewer, 'postResource') : actor.roles.includes('admin');
      if (!allowed) throw new AppError('FORBIDDEN');
    }
    return this.dedupe(planned);
  }

  /** The same nested organisation brought by several services is created once. */
  private dedupe(planned: Planned[]): Planned[] {
    const seen = new Set<string>();
    return planned.filter((p) => {
      if (p.kind !== 'organization' || p.existingId) return true;
      const key = String(p.record.id);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** One record in its own transaction: stored whole, or (with the reasons) not at all. */
  private async store(
    batch: EntityManager,
    actor: AuthUser,
    item: Planned,
    options: ImportOptions,
    created: CreatedOrganizations,
  ): Promise<{ errors: FieldError[] } | { created: boolean }> {
    try {
      // Inside the batch's transaction TypeORM makes this a savepoint.
      const wasCreated = await batch.transaction((m) =>
        item.kind === 'organization' ? this.storeOrganization(actor, item, m, created) : this.storeService(actor, item, options, m, created),
      );
      return { created: wasCreated };
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.fieldErrors.length)) {
        return { errors: err.fieldErrors.length ? err.fieldErrors : [{ path: '(root)', message: err.code }] };
      }
      if (err instanceof FitError) return { errors: err.errors };
      throw err;
    }
  }

  private async storeOrganization(actor: AuthUser, item: Planned, m: EntityManager, created: CreatedOrganizations): Promise<boolean> {
    const fit = fitToSchema(createOrganizationSchema, organizationFieldsFromHsds(item.record), ['name']);
    if (!fit.value) throw new FitError(fit.errors);
    const input = fit.value as CreateOrganizationInput;
    const hsdsId = String(item.record.id);
    const { id, created: wasCreated } = await this.writer.organization(actor, hsdsId, input, m);
    const [loaded] = await this.repo.loadOrganizations([id], m);
    await this.repo.saveDocument(m, { organizationId: id }, {
      document: item.record,
      baseline: baselineOf(toHsdsOrganization(loaded!.source), item.record),
      salIds: {},
      importedBy: actor.id,
    });
    // Services after it in this import can now find their organisation.
    created.set(hsdsId, id);
    return wasCreated;
  }

  private async storeService(actor: AuthUser, item: Planned, options: ImportOptions, m: EntityManager, created: CreatedOrganizations): Promise<boolean> {
    const fit = this.fitService(item, options, created);
    if ('errors' in fit) throw new FitError(fit.errors);
    const [wasCreated] = await this.storeServicesTogether(actor, [fit], m);
    return wasCreated!;
  }

  /** Maps a service to Sorstárs's shape (pure): ready to store, or the reasons it cannot be. */
  private fitService(item: Planned, options: ImportOptions, created: CreatedOrganizations): FittedService | { errors: FieldError[] } {
    const record = item.record;
    const organizationId = item.organizationId ?? (item.parentHsdsId ? created.get(item.parentHsdsId) : undefined);
    if (!organizationId) return { errors: [{ path: 'organization', message: 'validation.hsdsNoOrganization' }] };
    const fields = resourceFieldsFromHsds(record, new Date(), options.defaultCategory);
    // Each location is fitted alone, so the ones Sorstárs keeps stay matched to their HSDS ids.
    const kept = locationsFromHsds(record).flatMap((loc) => {
      const fit = fitToSchema(locationInputSchema, loc.input, ['address', 'city', 'country', 'timezone', 'hours']);
      return fit.value ? [{ ...loc, input: fit.value as Json }] : [];
    });
    const fit = fitToSchema(createResourceSchema, { ...fields, organizationId, locations: kept.map((k) => k.input) }, ['name', 'organizationId', 'categories', 'description']);
    if (!fit.value) return { errors: fit.errors };
    return {
      item,
      input: fit.value as CreateResourceInput,
      locationHsdsIds: kept.map((k) => k.locationId),
      salIds: Object.fromEntries(kept.filter((k) => k.salId && k.locationId).map((k) => [k.salId!, k.locationId!])),
    };
  }

  /** Writes fitted services and their documents in the caller's transaction; answers which were new. */
  private async storeServicesTogether(actor: AuthUser, fitted: FittedService[], m: EntityManager): Promise<boolean[]> {
    const written = await this.writer.services(actor, fitted.map((f) => ({ hsdsId: String(f.item.record.id), input: f.input, locationHsdsIds: f.locationHsdsIds })), m);
    const loaded = new Map((await this.repo.loadResources(written.map((w) => w.id), m)).map((l) => [l.source.id, l]));
    const docs = fitted.map((f, i) => {
      const { source: stored, organizationDocument } = loaded.get(written[i]!.id)!;
      // As exports will see it: with the service-at-location ids this document brings.
      const salOf = new Map(Object.entries(f.salIds).map(([sal, loc]) => [loc, sal]));
      const source = { ...stored, locations: stored.locations.map((l) => ({ ...l, salHsdsId: (l.hsdsId && salOf.get(l.hsdsId)) ?? null })) };
      const derived = { ...toHsdsService(source, FINGERPRINT_AT), organization: exportOrganization(source.organization, organizationDocument) };
      return { resourceId: stored.id, document: f.item.record, baseline: baselineOf(derived, f.item.record), salIds: f.salIds, importedBy: actor.id };
    });
    await this.repo.saveResourceDocuments(m, docs);
    return written.map((w) => w.created);
  }
}

/** A record Sorstárs cannot hold, with the reasons. */
class FitError extends Error {
  constructor(readonly errors: FieldError[]) {
    super('record does not fit');
  }
}

/** The largest HSDS import body the API reads (10 MB and more is refused with 413); the CLI has no limit. */
export const HSDS_IMPORT_MAX_BYTES = 10 * 1024 * 1024 - 1;
