import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { UUID_PATTERN, type ConversationState, type Locale, type SpaceNotificationLevel, type SpaceRole, type SpaceVisibility } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';
import type { CursorPosition } from '../../core/pagination/cursor.js';
import { prepared } from '../../core/database/prepared.js';
import { firstRows, pageLimit } from '../../core/database/page-limit.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { liveCredentialSql } from '../../core/auth/auth.repository.js';
// Only the SQL of the screen, so a send's access and screening are one statement; no service.
import { screeningColumnsSql, type ScreeningColumns } from '../moderation/screening-context.js';

export interface SpaceRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: SpaceVisibility;
  language: Locale | null;
  guidelines: string;
  guidelines_version: number;
  last_seq: string;
  archived_at: Date | null;
  created_at: Date;
  member_count: number;
  my_role: SpaceRole | null;
  my_joined_at: Date | null;
  my_accepted_version: number | null;
  my_show_typing: boolean | null;
  my_last_read_seq: string | null;
  my_notify_level: SpaceNotificationLevel | null;
  my_request_pending: boolean;
  my_unread: number;
}

export interface AccessRow {
  id: string;
  slug: string;
  visibility: SpaceVisibility;
  archived_at: Date | null;
  has_guidelines: boolean;
  guidelines_version: number;
  role: SpaceRole | null;
  show_typing: boolean | null;
  kind: 'group' | 'direct';
  conversation_state: ConversationState | null;
  conversation_initiator: string | null;
  conversation_id: string | null;
}

/** Unread counts stop at this many: "99+" is all a person needs, and counting costs. */
export const UNREAD_CAP = 100;

/** Everything a space answer needs, for one viewer, in one query (with more columns and joins when asked). */
const spaceSelect = (moreColumns = '', moreJoins = '') => `
  SELECT s.id, s.slug, s.name, s.description, s.visibility, s.language, s.guidelines, s.guidelines_version,
         s.last_seq, s.archived_at, s.created_at,
         (SELECT count(*)::int FROM space_members c WHERE c.space_id = s.id) AS member_count,
         m.role AS my_role, m.joined_at AS my_joined_at, m.accepted_guidelines_version AS my_accepted_version,
         m.show_typing AS my_show_typing, m.last_read_seq AS my_last_read_seq,
         (SELECT l.level FROM notification_space_levels l WHERE l.user_id = $1 AND l.space_id = s.id) AS my_notify_level,
         EXISTS (SELECT 1 FROM space_join_requests r WHERE r.space_id = s.id AND r.user_id = $1 AND r.status = 'pending') AS my_request_pending,
         CASE WHEN m.user_id IS NULL THEN 0 ELSE (
           SELECT count(*)::int FROM (
             SELECT 1 FROM messages g
              WHERE g.space_id = s.id AND g.seq > m.last_read_seq AND g.deleted_at IS NULL
                AND g.author_id IS DISTINCT FROM $1
                AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = $1 AND b.blocked_id = g.author_id)
              LIMIT ${UNREAD_CAP}) u
         ) END AS my_unread${moreColumns}
    FROM spaces s
    LEFT JOIN space_members m ON m.space_id = s.id AND m.user_id = $1 ${moreJoins}`;
const SPACE_SELECT = spaceSelect();

/**
 * When a space was created, to the millisecond like the cursor (a JS Date) and in UTC so the
 * expression is immutable: exactly the expression of spaces_listed_idx, so the list walks it.
 */
const SPACE_LISTED_AT = `date_trunc('milliseconds', s.created_at AT TIME ZONE 'UTC')`;

export interface SpaceListFilter {
  q?: string;
  language?: Locale;
  mine?: boolean;
  limit: number;
  after?: CursorPosition;
}

/** A space is asked for by id or by slug: one fixed statement for each, planned once. */
const keyOf = (idOrSlug: string) => (UUID_PATTERN.test(idOrSlug) ? 'id' : 'slug');
const byIdOrSlug = (select: string) => ({ id: prepared(`${select} WHERE s.id = $2`), slug: prepared(`${select} WHERE s.slug = $2`) });
/** What the space policy decides access by, for space `s` and the viewer's membership `m` (with CONVERSATION_JOIN). */
const ACCESS_COLUMNS = `s.guidelines <> '' AS has_guidelines, m.role, m.show_typing, s.kind,
              c.state AS conversation_state, c.initiator_id AS conversation_initiator, c.id AS conversation_id`;
const CONVERSATION_JOIN = `LEFT JOIN conversations c ON c.space_id = s.id`;
const accessSelect = (extra = '') => `SELECT s.id, s.slug, s.visibility, s.archived_at, s.guidelines_version, ${ACCESS_COLUMNS}${extra}
         FROM spaces s LEFT JOIN space_members m ON m.space_id = s.id AND m.user_id = $1
         ${CONVERSATION_JOIN}`;
const ACCESS_BY = byIdOrSlug(accessSelect());
/**
 * A send's access row with its screening context (mute, slow mode, watched words), whether anyone
 * in the space hears of every message (so a plain message can skip the notification fan-out;
 * migration IndexEveryMessageListeners) and, for a socket's send, whether the caller's credential
 * ($3) still authenticates: a send's checks in one round trip.
 */
const SEND_SCREENING = `, ${screeningColumnsSql('$1', { language: 'NULL', withWords: 'true' })},
  EXISTS (SELECT 1 FROM notification_space_levels l WHERE l.space_id = s.id AND l.level = 'all') AS anyone_hears_all`;
const ACCESS_TO_SEND_BY = {
  plain: byIdOrSlug(accessSelect(SEND_SCREENING)),
  session: byIdOrSlug(accessSelect(`${SEND_SCREENING}, ${liveCredentialSql('session', '$3')} AS credential_live`)),
  token: byIdOrSlug(accessSelect(`${SEND_SCREENING}, ${liveCredentialSql('token', '$3')} AS credential_live`)),
};
const FIND_BY = byIdOrSlug(SPACE_SELECT);
/** The space answer and what decides access to it, in one statement (a space's page asks for both). */
const FIND_WITH_ACCESS_BY = byIdOrSlug(spaceSelect(`, ${ACCESS_COLUMNS}`, CONVERSATION_JOIN));

@Injectable()
export class SpacesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Just enough to decide access, cheap enough for every chat event. */
  async access(viewerId: string, idOrSlug: string): Promise<AccessRow | null> {
    const rows = await this.db.query(ACCESS_BY[keyOf(idOrSlug)], [viewerId, idOrSlug]);
    return rows[0] ?? null;
  }

  /**
   * `access` with the sender's screening columns and, when `credential` is given, whether it still
   * authenticates (asked only when the space exists).
   */
  async accessToSend(
    viewerId: string,
    idOrSlug: string,
    credential: Pick<AuthUser, 'via' | 'credentialId'> | null,
  ): Promise<(AccessRow & ScreeningColumns & { anyone_hears_all: boolean; credential_live?: boolean }) | null> {
    const rows = credential
      ? await this.db.query(ACCESS_TO_SEND_BY[credential.via][keyOf(idOrSlug)], [viewerId, idOrSlug, credential.credentialId])
      : await this.db.query(ACCESS_TO_SEND_BY.plain[keyOf(idOrSlug)], [viewerId, idOrSlug]);
    return rows[0] ?? null;
  }

  async find(viewerId: string, idOrSlug: string): Promise<SpaceRow | null> {
    const rows = await this.db.query(FIND_BY[keyOf(idOrSlug)], [viewerId, idOrSlug]);
    return rows[0] ?? null;
  }

  /** `find` and `access` at once, for answers that need both. */
  async findWithAccess(viewerId: string, idOrSlug: string): Promise<(SpaceRow & AccessRow) | null> {
    const rows = await this.db.query(FIND_WITH_ACCESS_BY[keyOf(idOrSlug)], [viewerId, idOrSlug]);
    return rows[0] ?? null;
  }

  /** Public and private spaces, and hidden ones the viewer belongs to; newest first. */
  async list(viewerId: string, f: SpaceListFilter): Promise<SpaceRow[]> {
    const params: unknown[] = [viewerId];
    // Conversations are listed under /api/conversations, never as spaces.
    const where = [`(s.visibility <> 'hidden' OR m.user_id IS NOT NULL)`, `s.archived_at IS NULL`, `s.kind = 'group'`];
    if (f.q) {
      params.push(`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(unaccent(lower(s.name)) LIKE unaccent($${params.length}) OR unaccent(lower(s.description)) LIKE unaccent($${params.length}))`);
    }
    if (f.language) {
      params.push(f.language);
      where.push(`s.language = $${params.length}`);
    }
    if (f.mine) where.push(`m.user_id IS NOT NULL`);
    if (f.after) {
      params.push(f.after.at, f.after.id);
      // The cursor carries milliseconds (a JS Date); compare and order at that precision, or rows
      // sharing a millisecond with the cursor's row (one transaction's now()) would be skipped.
      where.push(`(${SPACE_LISTED_AT}, s.id) < ($${params.length - 1}::timestamptz AT TIME ZONE 'UTC', $${params.length}::uuid)`);
    }
    const rows = await this.db.query(prepared(`${SPACE_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${SPACE_LISTED_AT} DESC, s.id DESC LIMIT ${pageLimit(f.limit)}`), params);
    return firstRows(rows, f.limit);
  }

  /**
   * The spaces `list` answers with `mine`, in its order, as id, slug and name only: what a filter by
   * space offers, without the counts a space answer carries.
   */
  async myChoices(viewerId: string, limit: number): Promise<{ id: string; slug: string; name: string }[]> {
    return this.db.query(
      prepared(`SELECT s.id, s.slug, s.name FROM space_members m JOIN spaces s ON s.id = m.space_id
                 WHERE m.user_id = $1 AND s.archived_at IS NULL AND s.kind = 'group'
                 ORDER BY ${SPACE_LISTED_AT} DESC, s.id DESC LIMIT $2`),
      [viewerId, limit],
    );
  }

  async slugTaken(slug: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM spaces WHERE slug = $1`, [slug]);
    return rows.length > 0;
  }

  async insert(
    m: EntityManager,
    s: { slug: string; name: string; description: string; visibility: SpaceVisibility; language: Locale | null; guidelines: string; createdBy: string },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO spaces (slug, name, description, visibility, language, guidelines, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [s.slug, s.name, s.description, s.visibility, s.language, s.guidelines, s.createdBy],
    );
    return rows[0].id;
  }

  async update(
    id: string,
    changes: { name?: string; description?: string; visibility?: SpaceVisibility; language?: Locale | null; guidelines?: string },
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const columns = ['name', 'description', 'visibility', 'language', 'guidelines'] as const;
    for (const column of columns) {
      if (changes[column] === undefined) continue;
      params.push(changes[column]);
      sets.push(`${column} = $${params.length}`);
      if (column === 'guidelines') {
        // Changed guidelines are shown again to everyone; SET sees the old row, so compare to it.
        sets.push(`guidelines_version = guidelines_version + CASE WHEN guidelines IS DISTINCT FROM $${params.length} THEN 1 ELSE 0 END`);
      }
    }
    if (!sets.length) return;
    await this.db.query(`UPDATE spaces SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  /** A direct space: hidden, unnamed to the outside, with its two members and nothing to accept. */
  async insertDirect(m: EntityManager, slug: string, createdBy: string, memberIds: string[]): Promise<string> {
    const rows = await m.query(
      `INSERT INTO spaces (slug, name, visibility, kind, created_by) VALUES ($1, '', 'hidden', 'direct', $2) RETURNING id`,
      [slug, createdBy],
    );
    for (const userId of memberIds) await this.addMember(m, rows[0].id, userId, 'member', 1);
    return rows[0].id;
  }

  async setArchived(id: string, archived: boolean): Promise<void> {
    await this.db.query(`UPDATE spaces SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END, updated_at = now() WHERE id = $1`, [id, archived]);
  }

  async archive(id: string): Promise<void> {
    await this.db.query(`UPDATE spaces SET archived_at = coalesce(archived_at, now()), updated_at = now() WHERE id = $1`, [id]);
  }

  async addMember(m: EntityManager, spaceId: string, userId: string, role: SpaceRole, acceptedVersion: number): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO space_members (space_id, user_id, role, accepted_guidelines_version, last_read_seq)
       SELECT $1, $2, $3, $4, s.last_seq FROM spaces s WHERE s.id = $1
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [spaceId, userId, role, acceptedVersion],
    );
    return rows.length > 0;
  }

  async removeMember(m: EntityManager, spaceId: string, userId: string): Promise<void> {
    await m.query(`DELETE FROM space_members WHERE space_id = $1 AND user_id = $2`, [spaceId, userId]);
  }

  /** Locks the space's member rows so "at least one host" holds under concurrent changes. */
  async hostsForUpdate(m: EntityManager, spaceId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await m.query(
      `SELECT user_id FROM space_members WHERE space_id = $1 AND role = 'host' FOR UPDATE`,
      [spaceId],
    );
    return rows.map((r) => r.user_id);
  }

  async roleOf(spaceId: string, userId: string, m: EntityManager = this.db.manager): Promise<SpaceRole | null> {
    const rows = await m.query(`SELECT role FROM space_members WHERE space_id = $1 AND user_id = $2`, [spaceId, userId]);
    return rows[0]?.role ?? null;
  }

  async setRole(m: EntityManager, spaceId: string, userId: string, role: SpaceRole): Promise<void> {
    await m.query(`UPDATE space_members SET role = $3 WHERE space_id = $1 AND user_id = $2`, [spaceId, userId, role]);
  }

  async acceptGuidelines(spaceId: string, userId: string): Promise<void> {
    await this.db.query(
      `UPDATE space_members m SET accepted_guidelines_version = s.guidelines_version
         FROM spaces s WHERE s.id = m.space_id AND m.space_id = $1 AND m.user_id = $2`,
      [spaceId, userId],
    );
  }

  async setShowTyping(spaceId: string, userId: string, show: boolean): Promise<void> {
    await this.db.query(`UPDATE space_members SET show_typing = $3 WHERE space_id = $1 AND user_id = $2`, [spaceId, userId, show]);
  }

  async markRead(spaceId: string, userId: string, seq: number): Promise<void> {
    await this.db.query(
      `UPDATE space_members SET last_read_seq = GREATEST(last_read_seq, LEAST($3::bigint, (SELECT last_seq FROM spaces WHERE id = $1)))
        WHERE space_id = $1 AND user_id = $2`,
      [spaceId, userId, seq],
    );
  }

  async members(spaceId: string) {
    return this.db.query(
      `SELECT u.id, u.username, u.display_name, m.role, m.joined_at
         FROM space_members m JOIN users u ON u.id = m.user_id
        WHERE m.space_id = $1
        ORDER BY CASE m.role WHEN 'host' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, lower(u.username)`,
      [spaceId],
    ) as Promise<{ id: string; username: string; display_name: string | null; role: SpaceRole; joined_at: Date }[]>;
  }

  async createRequest(spaceId: string, userId: string, note: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO space_join_requests (space_id, user_id, note) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [spaceId, userId, note],
    );
  }

  async pendingRequests(spaceId: string) {
    return this.db.query(
      `SELECT r.id, r.note, r.created_at, u.id AS user_id, u.username, u.display_name
         FROM space_join_requests r JOIN users u ON u.id = r.user_id
        WHERE r.space_id = $1 AND r.status = 'pending' ORDER BY r.created_at`,
      [spaceId],
    ) as Promise<{ id: string; note: string | null; created_at: Date; user_id: string; username: string; display_name: string | null }[]>;
  }

  /** Decides a pending request once; answers the requester's id, or null if it was not pending. */
  async decideRequest(m: EntityManager, spaceId: string, requestId: string, status: 'approved' | 'declined', deciderId: string): Promise<string | null> {
    const rows = await returning<{ user_id: string }>(
      m,
      `UPDATE space_join_requests SET status = $3, decided_by = $4, decided_at = now()
        WHERE id = $1 AND space_id = $2 AND status = 'pending' RETURNING user_id`,
      [requestId, spaceId, status, deciderId],
    );
    return rows[0]?.user_id ?? null;
  }

  /** Keeps someone out: for good (`until` null) or until a time. A newer ban replaces an older one. */
  async ban(m: EntityManager, b: { spaceId: string; userId: string; until: Date | null; reason: string | null; by: string | null }): Promise<void> {
    await m.query(
      `INSERT INTO space_bans (space_id, user_id, until, reason, banned_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (space_id, user_id) DO UPDATE SET until = EXCLUDED.until, reason = EXCLUDED.reason, banned_by = EXCLUDED.banned_by, created_at = now()`,
      [b.spaceId, b.userId, b.until, b.reason, b.by],
    );
    // A request waiting from before would otherwise let them back in.
    await m.query(`DELETE FROM space_join_requests WHERE space_id = $1 AND user_id = $2 AND status = 'pending'`, [b.spaceId, b.userId]);
  }

  async mutedUntil(spaceId: string, userId: string): Promise<Date | null> {
    const rows = await this.db.query(`SELECT until FROM space_mutes WHERE space_id = $1 AND user_id = $2 AND until > now()`, [spaceId, userId]);
    return rows[0]?.until ?? null;
  }

  /** The ban in force now, if any (`until` null: for good). */
  async activeBan(spaceId: string, userId: string, m: EntityManager = this.db.manager): Promise<{ until: Date | null } | null> {
    const rows = await m.query(prepared(`SELECT until FROM space_bans WHERE space_id = $1 AND user_id = $2 AND (until IS NULL OR until > now())`), [spaceId, userId]);
    return rows[0] ?? null;
  }

  /** Bans in force, newest first, with who is banned and (for keepers) who banned them. */
  async bans(spaceId: string) {
    return this.db.query(
      `SELECT u.id, u.username, u.display_name, b.until, b.reason, b.created_at, by.username AS banned_by_username
         FROM space_bans b JOIN users u ON u.id = b.user_id LEFT JOIN users by ON by.id = b.banned_by
        WHERE b.space_id = $1 AND (b.until IS NULL OR b.until > now())
        ORDER BY b.created_at DESC`,
      [spaceId],
    ) as Promise<{ id: string; username: string; display_name: string | null; until: Date | null; reason: string | null; created_at: Date; banned_by_username: string | null }[]>;
  }

  async liftBan(m: EntityManager, spaceId: string, userId: string): Promise<boolean> {
    const rows = await returning(m, `DELETE FROM space_bans WHERE space_id = $1 AND user_id = $2 AND (until IS NULL OR until > now()) RETURNING user_id`, [spaceId, userId]);
    return rows.length > 0;
  }

  async cancelRequest(spaceId: string, userId: string): Promise<void> {
    await this.db.query(`DELETE FROM space_join_requests WHERE space_id = $1 AND user_id = $2 AND status = 'pending'`, [spaceId, userId]);
  }

  async createInvite(spaceId: string, tokenHash: string, maxUses: number, expiresInHours: number, createdBy: string) {
    const rows = await this.db.query(
      `INSERT INTO space_invites (space_id, token_hash, max_uses, expires_at, created_by)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4::int), $5)
       RETURNING id, max_uses, uses, expires_at, created_at`,
      [spaceId, tokenHash, maxUses, expiresInHours, createdBy],
    );
    return rows[0] as { id: string; max_uses: number; uses: number; expires_at: Date; created_at: Date };
  }

  async invites(spaceId: string) {
    return this.db.query(
      `SELECT id, max_uses, uses, expires_at, created_at FROM space_invites
        WHERE space_id = $1 AND revoked_at IS NULL AND expires_at > now() AND uses < max_uses ORDER BY created_at DESC`,
      [spaceId],
    ) as Promise<{ id: string; max_uses: number; uses: number; expires_at: Date; created_at: Date }[]>;
  }

  async revokeInvite(spaceId: string, inviteId: string): Promise<boolean> {
    const rows = await returning(
      this.db,
      `UPDATE space_invites SET revoked_at = now() WHERE id = $1 AND space_id = $2 AND revoked_at IS NULL RETURNING id`,
      [inviteId, spaceId],
    );
    return rows.length > 0;
  }

  async inviteIsLive(spaceId: string, tokenHash: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM space_invites
        WHERE space_id = $1 AND token_hash = $2 AND revoked_at IS NULL AND expires_at > now() AND uses < max_uses`,
      [spaceId, tokenHash],
    );
    return rows.length > 0;
  }

  /** Uses one place of a live invite, atomically: two people cannot take the last place. */
  async useInvite(m: EntityManager, spaceId: string, tokenHash: string): Promise<boolean> {
    const rows = await returning(
      m,
      `UPDATE space_invites SET uses = uses + 1
        WHERE space_id = $1 AND token_hash = $2 AND revoked_at IS NULL AND expires_at > now() AND uses < max_uses
        RETURNING id`,
      [spaceId, tokenHash],
    );
    return rows.length > 0;
  }
}
