import { Injectable } from '@nestjs/common';
import type { ChangeRoleInput, PersonDetail, PersonSummary, PlatformRole, SuspendPersonInput } from '@sorstars/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { PeopleRepository, type PersonRow } from './people.repository.js';

const toSummary = (p: PersonRow): PersonSummary => ({
  id: p.id,
  username: p.username,
  displayName: p.display_name,
  roles: p.roles,
  status: p.status,
  suspendedUntil: p.suspended_until?.toISOString() ?? null,
});

/**
 * Admins look after people from the web: find them, see what was done about them, change their
 * platform roles, suspend them and lift a suspension. Every change is a line in the platform
 * moderation log, written in the same transaction; suspensions take the moderation queue's own
 * path (ModerationService.suspendIn), so they end sessions and sockets exactly as it does.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly moderation: ModerationService,
  ) {}

  async search(q: { q: string; limit: number; cursor?: string }) {
    const rows = await this.repo.search(q.q, q.limit + 1, q.cursor ?? null);
    const page = rows.slice(0, q.limit);
    return { items: page.map(toSummary), nextCursor: rows.length > q.limit ? page[page.length - 1].username_key : null };
  }

  async get(id: string): Promise<PersonDetail> {
    const person = await this.repo.byId(id);
    if (!person) throw new AppError('USER_NOT_FOUND');
    const [history, bans, mutes, reports] = await Promise.all([
      this.moderation.historyOf(id, 100),
      this.repo.bans(id),
      this.repo.mutes(id),
      this.repo.reportsAbout(id),
    ]);
    const spaces = await this.repo.spaceNames([...new Set(history.map((a) => a.space_id).filter((s): s is string => !!s))]);
    return {
      ...toSummary(person),
      createdAt: person.created_at.toISOString(),
      history: history.map((a) => ({
        id: a.id,
        action: a.action,
        targetType: a.target_type,
        role: a.role,
        spaceId: a.space_id,
        spaceName: a.space_id ? (spaces.get(a.space_id) ?? null) : null,
        reason: a.reason,
        until: a.until?.toISOString() ?? null,
        createdAt: a.created_at.toISOString(),
        moderator: a.actor_username,
      })),
      bans: bans.map((b) => ({ spaceId: b.space_id, spaceName: b.space_name, until: b.until?.toISOString() ?? null, reason: b.reason })),
      mutes: mutes.map((m) => ({ spaceId: m.space_id, spaceName: m.space_name, until: m.until.toISOString() })),
      reports: reports.map((r) => ({
        id: r.id,
        kind: r.kind,
        targetType: r.target_type,
        status: r.status,
        resolution: r.resolution,
        reasons: r.reasons,
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  async grant(actor: AuthUser, id: string, input: ChangeRoleInput): Promise<PersonSummary> {
    return this.changeRole(actor, id, input.role, true, input.reason ?? null);
  }

  async revoke(actor: AuthUser, id: string, role: PlatformRole): Promise<PersonSummary> {
    return this.changeRole(actor, id, role, false, null);
  }

  async suspend(actor: AuthUser, id: string, input: SuspendPersonInput): Promise<PersonSummary> {
    const until = input.until ? new Date(input.until) : null;
    const { person, ended } = await this.repo.transaction(async (m) => {
      const target = await this.lockFor(m, actor, id);
      const ended = await this.moderation.suspendIn(m, id, until);
      await this.moderation.logPlatformAction(m, { actorId: actor.id, action: 'suspend', subjectUserId: id, reason: input.reason, until });
      return { person: { ...target, status: 'suspended' as const, suspended_until: until }, ended };
    });
    this.moderation.suspensionTookEffect(id, ended);
    return toSummary(person);
  }

  async lift(actor: AuthUser, id: string, reason: string): Promise<PersonSummary> {
    const person = await this.repo.transaction(async (m) => {
      const target = await this.lockFor(m, actor, id);
      if (target.status !== 'suspended') throw new AppError('ACTION_NOT_ALLOWED');
      await this.moderation.unsuspendIn(m, id);
      await this.moderation.logPlatformAction(m, { actorId: actor.id, action: 'lift_suspension', subjectUserId: id, reason });
      return { ...target, status: 'active' as const, suspended_until: null };
    });
    return toSummary(person);
  }

  private async changeRole(actor: AuthUser, id: string, role: PlatformRole, granted: boolean, reason: string | null): Promise<PersonSummary> {
    // Everyone is a member: it is not a role one can take away.
    if (role === 'member' && !granted) throw new AppError('ACTION_NOT_ALLOWED', [{ path: 'role', message: 'validation.role' }]);
    const person = await this.repo.transaction(async (m) => {
      const target = await this.lockFor(m, actor, id);
      if (!(await this.repo.setRole(m, id, role, granted))) return target;
      await this.moderation.logPlatformAction(m, { actorId: actor.id, action: granted ? 'grant_role' : 'revoke_role', subjectUserId: id, reason, role });
      return { ...target, roles: granted ? [...target.roles, role] : target.roles.filter((r) => r !== role) };
    });
    return toSummary(person);
  }

  /**
   * The checks every change makes, under the admins' row locks: nobody changes their own account,
   * and the caller is still an active admin once the locks are held. Together they keep at least
   * one admin: only another active admin can demote or suspend an admin, and when two admins try
   * it on each other at the same moment, the second finds it is no longer one (FORBIDDEN).
   */
  private async lockFor(m: EntityManager, actor: AuthUser, id: string): Promise<PersonRow> {
    if (actor.id === id) throw new AppError('OWN_ACCOUNT');
    const admins = await this.repo.lockAdmins(m);
    if (!admins.some((a) => a.id === actor.id && a.status === 'active')) throw new AppError('FORBIDDEN');
    const target = await this.repo.byId(id, m, true);
    if (!target) throw new AppError('USER_NOT_FOUND');
    return target;
  }
}
