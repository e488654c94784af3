import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import type {
  CreateInviteInput,
  CreateSpaceInput,
  JoinRequest,
  JoinSpaceInput,
  Member,
  Page,
  RemoveMemberInput,
  Space,
  SpaceBan,
  SpaceChoice,
  SpaceRole,
  UpdateSpaceInput,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { randomSecret, sha256 } from '../../core/auth/secrets.js';
import { AppError } from '../../core/errors/app-error.js';
import { RealtimeService } from '../../core/realtime/realtime.service.js';
import { SessionService } from '../../core/auth/session.service.js';
import { can, outranks, type SpaceAction } from './spaces.policy.js';
import { SpacesRepository, type AccessRow, type SpaceRow } from './spaces.repository.js';
import { toScreeningContext, type ScreeningContext } from '../moderation/screening-context.js';
import { decodeCursor, encodeCursor } from '../../core/pagination/cursor.js';

/** What the space policy says `caller` may do in the space `row` describes. */
function allows(caller: AuthUser, row: AccessRow, action: SpaceAction): boolean {
  const actor = { userId: caller.id, platformRoles: caller.roles, spaceRole: row.role ?? null };
  const subject = {
    visibility: row.visibility,
    archived: !!row.archived_at,
    kind: row.kind,
    conversation: row.conversation_state ? { state: row.conversation_state, initiatorId: row.conversation_initiator } : null,
  };
  return can(actor, action, subject);
}

/** `conversationId`: a direct space is a conversation's; the web sends its members there instead. */
export function toSpace(row: SpaceRow, conversationId: string | null = null): Space {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    language: row.language,
    guidelines: row.guidelines,
    guidelinesVersion: row.guidelines_version,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    memberCount: row.member_count,
    membership: row.my_role
      ? {
          role: row.my_role,
          joinedAt: row.my_joined_at!.toISOString(),
          guidelinesAccepted: (row.my_accepted_version ?? 0) >= row.guidelines_version,
          showTyping: row.my_show_typing ?? false,
          lastReadSeq: Number(row.my_last_read_seq ?? 0),
          notifyLevel: row.my_notify_level ?? 'mentions',
        }
      : null,
    requestPending: row.my_request_pending,
    unreadCount: row.my_unread,
    lastSeq: Number(row.last_seq),
    conversationId,
  };
}

/** Readable slugs from any script's letters: "Helt Hjem Aarhus" → "helt-hjem-aarhus". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{Nd}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'space';
}

const withSuffix = (base: string) => `${base}-${randomSecret(4).toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 5)}`;

/** Emitted after someone stops being a member (left or removed): their place in the space's events ends. */
export const SPACE_MEMBER_LEFT = 'space.member_left';
export interface SpaceMemberLeft {
  spaceId: string;
  userId: string;
}

@Injectable()
export class SpacesService {
  constructor(
    private readonly repo: SpacesRepository,
    private readonly realtime: RealtimeService,
    private readonly emitter: EventEmitter2,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Finds a space the caller may see and checks one action; hidden spaces look absent to
   * outsiders. Every REST route and Socket.IO event that touches a space starts here.
   */
  async authorize(caller: AuthUser, idOrSlug: string, action: SpaceAction): Promise<AccessRow> {
    return this.check(caller, await this.repo.access(caller.id, idOrSlug), action);
  }

  /**
   * `authorize(…, 'post')` for a new message, with what the moderation screen reads about the
   * space and the sender, in one statement. `recheckCredential` (a socket's send): the session or
   * token the socket was opened with must still authenticate, or UNAUTHENTICATED.
   */
  async authorizeSend(
    caller: AuthUser,
    idOrSlug: string,
    opts: { recheckCredential?: boolean } = {},
  ): Promise<AccessRow & { screening: ScreeningContext; anyoneHearsAll: boolean }> {
    const row = await this.repo.accessToSend(caller.id, idOrSlug, opts.recheckCredential ? caller : null);
    if (opts.recheckCredential) {
      // No space, no answer about the credential: ask on its own, so an ended one never learns which spaces exist.
      const live = row ? row.credential_live : await this.sessions.stillValid(caller);
      if (!live) throw new AppError('UNAUTHENTICATED');
    }
    // The screening columns leave as `screening` only: the watched-word list must never ride along
    // with the access row into anything that is logged or sent.
    const { slow_mode_seconds, approve_first_messages, muted_until, words, credential_live, anyone_hears_all, ...access } = this.check(caller, row, 'post');
    return { ...access, screening: toScreeningContext({ slow_mode_seconds, approve_first_messages, muted_until, words }), anyoneHearsAll: anyone_hears_all };
  }

  private check<T extends AccessRow>(caller: AuthUser, row: T | null, action: SpaceAction): T {
    if (!row || !allows(caller, row, 'view')) throw new AppError('SPACE_NOT_FOUND');
    if (!allows(caller, row, action)) {
      if (action === 'post' && row.archived_at && row.role) throw new AppError('SPACE_ARCHIVED');
      throw new AppError(row.role ? 'FORBIDDEN' : 'NOT_A_MEMBER');
    }
    return row;
  }

  async list(caller: AuthUser, q: { q?: string; language?: Space['language']; mine?: 'true' | 'false'; limit: number; cursor?: string }): Promise<Page<Space>> {
    const rows = await this.repo.list(caller.id, {
      q: q.q || undefined,
      language: q.language ?? undefined,
      mine: q.mine === 'true',
      limit: q.limit + 1,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    const page = rows.slice(0, q.limit);
    return { items: page.map((r) => toSpace(r)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].created_at, page[page.length - 1].id) : null };
  }

  /** The caller's spaces as a filter offers them: those `list` gives with `mine`, id, slug and name only. */
  myChoices(caller: AuthUser, limit: number): Promise<SpaceChoice[]> {
    return this.repo.myChoices(caller.id, limit);
  }

  async get(caller: AuthUser, idOrSlug: string, inviteToken?: string): Promise<Space> {
    if (inviteToken) {
      // Someone holding a live invite may read what they are invited to (name, guidelines) first.
      const row = await this.repo.find(caller.id, idOrSlug);
      if (row && (await this.repo.inviteIsLive(row.id, sha256(inviteToken)))) return toSpace(row);
    }
    return (await this.getForPage(caller, idOrSlug)).space;
  }

  /** The space as `get` answers it, and whether the caller may also read its messages. */
  async getForPage(caller: AuthUser, idOrSlug: string): Promise<{ space: Space; mayRead: boolean }> {
    const row = await this.repo.findWithAccess(caller.id, idOrSlug);
    if (!row || !allows(caller, row, 'view')) throw new AppError('SPACE_NOT_FOUND');
    return { space: toSpace(row, row.kind === 'direct' ? row.conversation_id : null), mayRead: allows(caller, row, 'read') };
  }

  async create(caller: AuthUser, input: CreateSpaceInput): Promise<Space> {
    // Always a random suffix: adding one only when the plain slug is taken would tell an outsider
    // that a hidden space of that name exists.
    let slug = withSuffix(slugify(input.name));
    while (await this.repo.slugTaken(slug)) slug = withSuffix(slugify(input.name));
    const id = await this.repo.transaction(async (m) => {
      const spaceId = await this.repo.insert(m, {
        slug,
        name: input.name,
        description: input.description,
        visibility: input.visibility,
        language: input.language ?? null,
        guidelines: input.guidelines ?? '',
        createdBy: caller.id,
      });
      // The creator wrote the guidelines, so they count as accepted.
      await this.repo.addMember(m, spaceId, caller.id, 'host', 1);
      return spaceId;
    });
    return this.get(caller, id);
  }

  async update(caller: AuthUser, id: string, input: UpdateSpaceInput): Promise<Space> {
    const row = await this.authorize(caller, id, 'edit');
    await this.repo.update(row.id, input);
    // The host who changed the guidelines has read them.
    if (input.guidelines !== undefined) await this.repo.acceptGuidelines(row.id, caller.id);
    return this.get(caller, row.id);
  }

  async archive(caller: AuthUser, id: string): Promise<Space> {
    const row = await this.authorize(caller, id, 'archive');
    await this.repo.archive(row.id);
    return this.get(caller, row.id);
  }

  /**
   * Public: joined at once. Private: a request for a host or moderator (or joined at once with a
   * live invite). Hidden: only with an invite. Guidelines, when there are any, must be accepted.
   */
  async join(caller: AuthUser, id: string, input: JoinSpaceInput): Promise<Space> {
    const row = await this.repo.find(caller.id, id);
    const invited = !!input.inviteToken;
    // A hidden space answers nothing else (guidelines, archived) until a live invite is shown.
    const hiddenFromCaller =
      row?.visibility === 'hidden' && !row.my_role && !(invited && (await this.repo.inviteIsLive(row.id, sha256(input.inviteToken!))));
    if (!row || hiddenFromCaller) throw new AppError('SPACE_NOT_FOUND');
    if (row.my_role) throw new AppError('ALREADY_MEMBER');
    // Someone removed stays out, whichever way they knock: join, request or invite.
    await this.refuseBanned(row.id, caller.id);
    if (row.archived_at) throw new AppError('SPACE_ARCHIVED');
    if (row.guidelines.trim() && !input.acceptGuidelines) {
      throw new AppError('GUIDELINES_NOT_ACCEPTED', [{ path: 'acceptGuidelines', message: 'validation.acceptGuidelines' }]);
    }
    if (invited) {
      const joined = await this.repo.transaction(async (m) => {
        if (!(await this.repo.useInvite(m, row.id, sha256(input.inviteToken!)))) return false;
        await this.repo.addMember(m, row.id, caller.id, 'member', row.guidelines_version);
        return true;
      });
      if (!joined) throw new AppError(row.visibility === 'hidden' ? 'SPACE_NOT_FOUND' : 'INVITE_INVALID');
    } else if (row.visibility === 'private') {
      await this.repo.createRequest(row.id, caller.id, input.note || null);
    } else {
      await this.repo.transaction((m) => this.repo.addMember(m, row.id, caller.id, 'member', row.guidelines_version));
    }
    return this.get(caller, row.id);
  }

  /** Leaving (or withdrawing a pending request). The last host must hand over first. */
  async leave(caller: AuthUser, id: string): Promise<void> {
    // A conversation is left by blocking, declining or ignoring, never by leaving its space.
    if ((await this.repo.access(caller.id, id))?.kind === 'direct') await this.authorize(caller, id, 'archive');
    const row = await this.repo.find(caller.id, id);
    if (!row || (!row.my_role && !row.my_request_pending)) throw new AppError('NOT_A_MEMBER');
    if (!row.my_role) return this.repo.cancelRequest(row.id, caller.id);
    await this.repo.transaction(async (m) => {
      const hosts = await this.repo.hostsForUpdate(m, row.id);
      if (hosts.length === 1 && hosts[0] === caller.id) throw new AppError('LAST_HOST');
      await this.repo.removeMember(m, row.id, caller.id);
    });
    await this.afterLeaving(row.id, caller.id);
  }

  async acceptGuidelines(caller: AuthUser, id: string): Promise<Space> {
    const row = await this.authorize(caller, id, 'read');
    await this.repo.acceptGuidelines(row.id, caller.id);
    return this.get(caller, row.id);
  }

  async setTypingPreference(caller: AuthUser, id: string, show: boolean): Promise<Space> {
    const row = await this.authorize(caller, id, 'read');
    await this.repo.setShowTyping(row.id, caller.id, show);
    return this.get(caller, row.id);
  }

  async markRead(caller: AuthUser, id: string, seq: number): Promise<void> {
    const row = await this.authorize(caller, id, 'read');
    await this.repo.markRead(row.id, caller.id, seq);
  }

  /** Pseudonyms and roles only: no presence, no "last seen". */
  async members(caller: AuthUser, id: string): Promise<{ items: Member[] }> {
    const row = await this.authorize(caller, id, 'read');
    const rows = await this.repo.members(row.id);
    return {
      items: rows.map((r) => ({
        user: { id: r.id, username: r.username, displayName: r.display_name },
        role: r.role,
        joinedAt: r.joined_at.toISOString(),
      })),
    };
  }

  /** Hosts appoint moderators and hosts; a space always keeps at least one host. */
  async setRole(caller: AuthUser, id: string, userId: string, role: SpaceRole): Promise<void> {
    const row = await this.authorize(caller, id, 'manageRoles');
    await this.repo.transaction(async (m) => {
      const hosts = await this.repo.hostsForUpdate(m, row.id);
      const current = await this.repo.roleOf(row.id, userId, m);
      if (!current) throw new AppError('NOT_A_MEMBER');
      if (current === 'host' && role !== 'host' && hosts.length === 1) throw new AppError('LAST_HOST');
      await this.repo.setRole(m, row.id, userId, role);
    });
  }

  /**
   * Hosts and moderators may remove a member; only a host may remove a host or moderator. Removal
   * is a ban — for good, or until `until` — that keepers see in `bans` and may lift.
   */
  async removeMember(caller: AuthUser, id: string, userId: string, input: RemoveMemberInput = {}): Promise<void> {
    const row = await this.authorize(caller, id, 'removeMember');
    await this.repo.transaction(async (m) => {
      const target = await this.repo.roleOf(row.id, userId, m);
      if (!target) throw new AppError('NOT_A_MEMBER');
      if (target !== 'member' && row.role !== 'host') throw new AppError('FORBIDDEN');
      await this.expel(m, row.id, userId, {
        until: input.until ? new Date(input.until) : null,
        reason: input.reason ?? null,
        // A host taking themselves out is leaving, not a ban.
        ban: userId !== caller.id,
        by: caller.id,
      });
    });
    await this.afterLeaving(row.id, userId);
  }

  /**
   * The one way someone is put out of a space (REST removal and moderation alike), in the caller's
   * transaction: membership ends (a space keeps its last host) and a ban keeps them out.
   * Call `afterLeaving` once it is committed.
   */
  async expel(m: EntityManager, spaceId: string, userId: string, b: { until: Date | null; reason: string | null; by: string | null; ban?: boolean }): Promise<void> {
    const hosts = await this.repo.hostsForUpdate(m, spaceId);
    if (hosts.length === 1 && hosts[0] === userId) throw new AppError('LAST_HOST');
    await this.repo.removeMember(m, spaceId, userId);
    if (b.ban !== false) await this.repo.ban(m, { spaceId, userId, until: b.until, reason: b.reason, by: b.by });
  }

  /** Lets someone back in (an appeal overturned their removal), in the caller's transaction. */
  async readmit(m: EntityManager, spaceId: string, userId: string): Promise<void> {
    await this.repo.liftBan(m, spaceId, userId);
    await this.repo.addMember(m, spaceId, userId, 'member', 0);
  }

  /**
   * The space behind a one-to-one conversation, in the caller's transaction (ConversationsService
   * is its only user): hidden, never listed, searched or joined; its two members write in it.
   */
  async createDirect(m: EntityManager, createdBy: string, memberIds: string[]): Promise<string> {
    // In the caller's transaction: the embedded database has one connection, which it holds.
    let slug = withSuffix('dm');
    while (await this.repo.slugTaken(slug, m)) slug = withSuffix('dm');
    return this.repo.insertDirect(m, slug, createdBy, memberIds);
  }

  /** Puts people (back) into a conversation's space; nobody is added twice. */
  async addDirectMembers(m: EntityManager, spaceId: string, userIds: string[]): Promise<void> {
    for (const userId of userIds) await this.repo.addMember(m, spaceId, userId, 'member', 1);
  }

  /** Takes people out of a conversation's space; call `afterLeaving` for each once committed. */
  async removeDirectMembers(m: EntityManager, spaceId: string, userIds: string[]): Promise<void> {
    for (const userId of userIds) await this.repo.removeMember(m, spaceId, userId);
  }

  /** Read-only (an ended mentoring match) or writable again. */
  async setArchived(spaceId: string, archived: boolean): Promise<void> {
    await this.repo.setArchived(spaceId, archived);
  }

  /** Once someone is out: their live sockets leave the room, and the space's events let them go. */
  async afterLeaving(spaceId: string, userId: string): Promise<void> {
    this.realtime.removeFromSpace(userId, spaceId);
    const event: SpaceMemberLeft = { spaceId, userId };
    await this.emitter.emitAsync(SPACE_MEMBER_LEFT, event);
  }

  /**
   * A mute takes away the right to write in a space — chat, and stories and comments shared with
   * it alike — while reading stays. Every write to a space's content asks here.
   */
  async refuseMuted(spaceId: string, userId: string): Promise<void> {
    const muted = await this.repo.mutedUntil(spaceId, userId);
    if (muted) throw mutedError(muted);
  }

  /** Refuses a sanction on someone of equal or higher rank in the space (admins may act on anyone). */
  async mayActOn(caller: AuthUser, spaceId: string, subjectId: string): Promise<void> {
    const [actorRole, subjectRole] = await Promise.all([this.repo.roleOf(spaceId, caller.id), this.repo.roleOf(spaceId, subjectId)]);
    if (!outranks({ userId: caller.id, platformRoles: caller.roles, spaceRole: actorRole }, subjectRole)) throw new AppError('FORBIDDEN');
  }

  /** The bans in force, for the space's keepers. */
  async bans(caller: AuthUser, id: string): Promise<{ items: SpaceBan[] }> {
    const row = await this.authorize(caller, id, 'removeMember');
    return {
      items: (await this.repo.bans(row.id)).map((b) => ({
        user: { id: b.id, username: b.username, displayName: b.display_name },
        until: b.until?.toISOString() ?? null,
        reason: b.reason,
        bannedBy: b.banned_by_username,
        createdAt: b.created_at.toISOString(),
      })),
    };
  }

  /** A keeper lifts a ban: the person may ask, join or use an invite again (they are not re-added). */
  async liftBan(caller: AuthUser, id: string, userId: string): Promise<void> {
    const row = await this.authorize(caller, id, 'removeMember');
    if (!(await this.repo.transaction((m) => this.repo.liftBan(m, row.id, userId)))) throw new AppError('BAN_NOT_FOUND');
  }

  private async refuseBanned(spaceId: string, userId: string, m?: EntityManager): Promise<void> {
    const ban = await this.repo.activeBan(spaceId, userId, m);
    if (ban) throw new AppError('BANNED_FROM_SPACE', [], { params: { until: ban.until?.toISOString() ?? null } });
  }

  async requests(caller: AuthUser, id: string): Promise<{ items: JoinRequest[] }> {
    const row = await this.authorize(caller, id, 'reviewRequests');
    const rows = await this.repo.pendingRequests(row.id);
    return {
      items: rows.map((r) => ({
        id: r.id,
        note: r.note,
        createdAt: r.created_at.toISOString(),
        user: { id: r.user_id, username: r.username, displayName: r.display_name },
      })),
    };
  }

  /** Approving adds the person; they accept the guidelines on their first visit. */
  async decideRequest(caller: AuthUser, id: string, requestId: string, decision: 'approved' | 'declined'): Promise<void> {
    const row = await this.authorize(caller, id, 'reviewRequests');
    await this.repo.transaction(async (m) => {
      const userId = await this.repo.decideRequest(m, row.id, requestId, decision, caller.id);
      if (!userId) throw new AppError('REQUEST_NOT_FOUND');
      if (decision === 'approved') {
        await this.refuseBanned(row.id, userId, m);
        await this.repo.addMember(m, row.id, userId, 'member', 0);
      }
    });
  }

  async createInvite(caller: AuthUser, id: string, input: CreateInviteInput) {
    const row = await this.authorize(caller, id, 'createInvite');
    const token = randomSecret(18);
    const invite = await this.repo.createInvite(row.id, sha256(token), input.maxUses, input.expiresInHours, caller.id);
    return { ...this.toInvite(invite), token, path: `/spaces/${row.slug}/join?invite=${token}` };
  }

  async invites(caller: AuthUser, id: string) {
    const row = await this.authorize(caller, id, 'createInvite');
    return { items: (await this.repo.invites(row.id)).map((i) => this.toInvite(i)) };
  }

  async revokeInvite(caller: AuthUser, id: string, inviteId: string): Promise<void> {
    const row = await this.authorize(caller, id, 'createInvite');
    if (!(await this.repo.revokeInvite(row.id, inviteId))) throw new AppError('NOT_FOUND');
  }

  private toInvite(i: { id: string; max_uses: number; uses: number; expires_at: Date; created_at: Date }) {
    return { id: i.id, maxUses: i.max_uses, uses: i.uses, expiresAt: i.expires_at.toISOString(), createdAt: i.created_at.toISOString() };
  }
}

/** The refusal a muted person gets, with when they may speak again. */
export function mutedError(until: Date): AppError {
  return new AppError('MUTED', [], { retryAfterSeconds: Math.ceil((until.getTime() - Date.now()) / 1000), params: { until: until.toISOString() } });
}
