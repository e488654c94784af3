import { Injectable } from '@nestjs/common';
import {
  usernameKey,
  type AddStaffInput,
  type CreateOrganizationInput,
  type OrganizationDetails,
  type OrganizationMember,
  type OrganizationSummary,
  type OrgRole,
  type UpdateOrganizationInput,
} from '@sorstars/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { decodeNameCursor, encodeNameCursor } from '../../core/pagination/name-cursor.js';
import { can, type OrgAction, type OrgViewer } from './organizations.policy.js';
import { OrganizationsRepository, type OrganizationRow, type OrganizationWrite } from './organizations.repository.js';
import { slugify } from '../spaces/spaces.service.js';

export const toSummary = (row: Pick<OrganizationRow, 'id' | 'slug' | 'name' | 'verified_at'>): OrganizationSummary => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  verified: row.verified_at !== null,
});

const viewerOf = (user: AuthUser | undefined, orgRole: OrgRole | null): OrgViewer => ({
  userId: user?.id ?? null,
  platformRoles: user?.roles ?? [],
  orgRole,
});

@Injectable()
export class OrganizationsService {
  constructor(private readonly repo: OrganizationsRepository) {}

  async list(user: AuthUser | undefined, q: { mine?: 'true' | 'false'; verified?: 'true' | 'false'; q?: string; limit: number; cursor?: string }) {
    if (q.mine === 'true' && !user) throw new AppError('UNAUTHENTICATED');
    const rows = await this.repo.list(user?.id ?? null, { mine: q.mine === 'true', verified: q.verified === undefined ? undefined : q.verified === 'true', q: q.q, limit: q.limit + 1, after: q.cursor ? decodeNameCursor(q.cursor) : undefined });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => this.toDetails(r)), nextCursor: rows.length > q.limit && last ? encodeNameCursor(last.name, last.id) : null };
  }

  async get(user: AuthUser | undefined, idOrSlug: string): Promise<OrganizationDetails> {
    return this.toDetails(await this.found(user, idOrSlug));
  }

  /** The person who registers an organisation becomes its admin. */
  async create(user: AuthUser, input: CreateOrganizationInput): Promise<OrganizationDetails> {
    if (!can(viewerOf(user, null), 'create')) throw new AppError('FORBIDDEN');
    const id = await this.repo.transaction(async (m) => {
      const id = await this.repo.insert(m, await this.freeSlug(input.name, m), user.id, this.prepare(input));
      await this.repo.setMember(m, id, user.id, 'admin');
      return id;
    });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, input: UpdateOrganizationInput): Promise<OrganizationDetails> {
    const row = await this.authorized(user, id, 'update');
    const merged = {
      name: input.name ?? row.name,
      description: input.description ?? row.description,
      url: input.url ?? row.url ?? undefined,
      email: input.email ?? row.email ?? undefined,
      phone: input.phone ?? row.phone ?? undefined,
      identifiers: input.identifiers ?? row.identifiers,
      languages: input.languages ?? (row.languages as CreateOrganizationInput['languages']),
    };
    await this.repo.transaction((m) => this.repo.update(m, row.id, this.prepare(merged)));
    return this.get(user, row.id);
  }

  async verify(user: AuthUser, id: string): Promise<OrganizationDetails> {
    const row = await this.authorized(user, id, 'verify');
    await this.repo.verify(row.id, user.id);
    return this.get(user, row.id);
  }

  async staff(user: AuthUser, id: string): Promise<{ items: OrganizationMember[] }> {
    const row = await this.authorized(user, id, 'seeQueue');
    return { items: (await this.repo.members(row.id)).map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, role: r.role, since: r.created_at.toISOString() })) };
  }

  /** Adds someone by username, or changes their role; an organisation always keeps an admin. */
  async addStaff(user: AuthUser, id: string, input: AddStaffInput): Promise<{ items: OrganizationMember[] }> {
    const row = await this.authorized(user, id, 'manageStaff');
    const userId = await this.repo.activeUserByUsernameKey(usernameKey(input.username));
    if (!userId) throw new AppError('USER_NOT_FOUND', [{ path: 'username', message: 'validation.invalidValue' }]);
    await this.repo.transaction(async (m) => {
      const members = await this.repo.lockMembers(m, row.id);
      const admins = members.filter((x) => x.role === 'admin');
      if (input.role !== 'admin' && admins.length === 1 && admins[0]!.user_id === userId) throw new AppError('LAST_ORG_ADMIN');
      await this.repo.setMember(m, row.id, userId, input.role);
    });
    return this.staff(user, row.id);
  }

  async removeStaff(user: AuthUser, id: string, userId: string): Promise<void> {
    const row = await this.authorized(user, id, 'manageStaff');
    await this.repo.transaction(async (m) => {
      const members = await this.repo.lockMembers(m, row.id);
      const target = members.find((x) => x.user_id === userId);
      if (!target) throw new AppError('USER_NOT_FOUND');
      if (target.role === 'admin' && members.filter((x) => x.role === 'admin').length === 1) throw new AppError('LAST_ORG_ADMIN');
      await this.repo.removeMember(m, row.id, userId);
    });
  }

  /** For imports (HSDS): the same HSDS id updates, never duplicates; the caller checked permissions. */
  async writeImported(m: EntityManager, actorId: string | null, hsdsId: string, input: CreateOrganizationInput): Promise<{ id: string; created: boolean }> {
    const existing = await this.repo.findByHsdsId(m, hsdsId);
    if (existing) {
      await this.repo.update(m, existing, this.prepare(input));
      return { id: existing, created: false };
    }
    return { id: await this.repo.insert(m, await this.freeSlug(input.name, m), actorId, this.prepare(input), hsdsId), created: true };
  }

  /** For other modules: may this caller do `action` for the organisation? Throws when not. */
  async authorize(user: AuthUser | undefined, organizationId: string, action: OrgAction): Promise<OrganizationRow> {
    return this.authorized(user, organizationId, action);
  }

  /** The caller's role in an organisation (other modules decide with the policy). */
  roleOf(organizationId: string, userId: string): Promise<OrgRole | null> {
    return this.repo.roleOf(organizationId, userId);
  }

  /** Its admins' ids, for news that is theirs to act on (e.g. records about to be deleted). */
  async adminIds(organizationId: string): Promise<string[]> {
    return (await this.repo.members(organizationId)).filter((m) => m.role === 'admin').map((m) => m.user_id);
  }

  toDetails(r: OrganizationRow): OrganizationDetails {
    return {
      ...toSummary(r),
      description: r.description,
      url: r.url,
      email: r.email,
      phone: r.phone,
      identifiers: r.identifiers,
      languages: r.languages,
      verifiedAt: r.verified_at?.toISOString() ?? null,
      myRole: r.viewer_role,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }

  private async found(user: AuthUser | undefined, idOrSlug: string): Promise<OrganizationRow> {
    const row = await this.repo.find(user?.id ?? null, idOrSlug);
    if (!row) throw new AppError('ORGANIZATION_NOT_FOUND');
    return row;
  }

  private async authorized(user: AuthUser | undefined, idOrSlug: string, action: OrgAction): Promise<OrganizationRow> {
    const row = await this.found(user, idOrSlug);
    if (!can(viewerOf(user, row.viewer_role), action)) throw new AppError(user ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    return row;
  }

  private async freeSlug(name: string, m: EntityManager): Promise<string> {
    const base = slugify(name);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await this.repo.slugTaken(slug, m))) return slug;
    }
  }

  private prepare(input: CreateOrganizationInput): OrganizationWrite {
    return {
      name: input.name,
      description: input.description,
      url: input.url || null,
      email: input.email || null,
      phone: input.phone || null,
      identifiers: input.identifiers ?? [],
      languages: [...new Set(input.languages ?? [])],
    };
  }
}
