import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { MatchState, MentoringExperience, MentoringRole, MentoringVisibility } from '@sorstars/shared';
import { AppError } from '../../core/errors/app-error.js';
import { returning } from '../../core/database/returning.js';
import type { Transition } from './mentoring.policy.js';

export interface ProfileRow {
  user_id: string;
  role: MentoringRole;
  languages: string[];
  city: string | null;
  availability: string | null;
  experiences: MentoringExperience[];
  about: string | null;
  capacity: number;
  open: boolean;
  visibility: MentoringVisibility;
}

export type ProfileWrite = Omit<ProfileRow, 'user_id'>;

export interface MatchRow {
  id: string;
  mentor_id: string;
  mentee_id: string;
  state: MatchState;
  intro: string;
  mentee_accepted_at: Date | null;
  mentor_accepted_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
  updated_at: Date;
  conversation_id: string | null;
  conversation_deleted_at: Date | null;
  mentor_keeps_conversation: boolean;
  mentee_keeps_conversation: boolean;
  suggested_by_organization_id: string | null;
  suggested_by_name: string | null;
  mentor_username: string;
  mentor_display_name: string | null;
  mentee_username: string;
  mentee_display_name: string | null;
}

export interface CandidateRow extends ProfileRow {
  username: string;
  display_name: string | null;
}

export interface AgreementRow {
  version: number;
  how_often: string;
  channel: string;
  coordinator_may_see: string;
  how_to_end: string;
  written_by: string | null;
  written_by_username: string | null;
  written_by_display_name: string | null;
  created_at: Date;
}

/** Errors the database's guards raise carry an API error code as their message. */
const GUARD_CODES = new Set(['MATCH_BLOCKED', 'MENTOR_AT_CAPACITY', 'MENTOR_NOT_OPEN']);

export function translateGuard(err: unknown): never {
  const e = err as { code?: string; message?: string; constraint?: string };
  if (e.code === 'P0001' && e.message === 'CAPACITY_BELOW_ONGOING') throw new AppError('VALIDATION_FAILED', [{ path: 'capacity', message: 'validation.capacityBelowOngoing' }]);
  if (e.code === 'P0001' && e.message && GUARD_CODES.has(e.message)) throw new AppError(e.message as 'MATCH_BLOCKED');
  if (e.code === '23505' && e.constraint === 'mentoring_matches_live_pair') throw new AppError('MATCH_EXISTS');
  throw err;
}

const MATCH_SELECT = `
  SELECT mm.*, o.name AS suggested_by_name,
         mu.username AS mentor_username, mu.display_name AS mentor_display_name,
         eu.username AS mentee_username, eu.display_name AS mentee_display_name
    FROM mentoring_matches mm
    JOIN users mu ON mu.id = mm.mentor_id
    JOIN users eu ON eu.id = mm.mentee_id
    LEFT JOIN organizations o ON o.id = mm.suggested_by_organization_id`;

/** Either of the two blocked the other. */
export const blockedEitherWaySql = (a: string, b: string) =>
  `EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = ${a} AND b.blocked_id = ${b}) OR (b.blocker_id = ${b} AND b.blocked_id = ${a}))`;

@Injectable()
export class MentoringRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      translateGuard(err);
    }
  }

  async profile(userId: string, m: EntityManager = this.db.manager): Promise<ProfileRow | null> {
    const rows = await m.query(`SELECT * FROM mentoring_profiles WHERE user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  async trainedBy(userIds: string[]): Promise<Map<string, { id: string; name: string; slug: string }[]>> {
    const out = new Map<string, { id: string; name: string; slug: string }[]>();
    if (userIds.length === 0) return out;
    const rows: { user_id: string; id: string; name: string; slug: string }[] = await this.db.query(
      `SELECT t.user_id, o.id, o.name, o.slug FROM organization_mentors t JOIN organizations o ON o.id = t.organization_id
        WHERE t.user_id = ANY($1::uuid[]) ORDER BY o.name`,
      [userIds],
    );
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { id: r.id, name: r.name, slug: r.slug }]);
    return out;
  }

  async saveProfile(userId: string, p: ProfileWrite): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO mentoring_profiles (user_id, role, languages, city, availability, experiences, about, capacity, open, visibility)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (user_id) DO UPDATE SET role = $2, languages = $3, city = $4, availability = $5, experiences = $6,
           about = $7, capacity = $8, open = $9, visibility = $10, updated_at = now()`,
        [userId, p.role, p.languages, p.city, p.availability, p.experiences, p.about, p.capacity, p.open, p.visibility],
      );
    } catch (err) {
      translateGuard(err);
    }
  }

  /**
   * Open mentors with room whom the mentee may see: never oneself, never anyone blocked either
   * way, never someone already asked or matched. Bounded: the service ranks at most `limit`.
   */
  async candidates(menteeId: string, limit: number): Promise<CandidateRow[]> {
    return this.db.query(
      `SELECT p.*, u.username, u.display_name
         FROM mentoring_profiles p JOIN users u ON u.id = p.user_id
        WHERE p.open AND p.role IN ('mentor', 'both') AND p.visibility = 'members'
          AND p.user_id <> $1 AND u.deleted_at IS NULL
          AND NOT ${blockedEitherWaySql('p.user_id', '$1::uuid')}
          AND (SELECT count(*) FROM mentoring_matches x WHERE x.mentor_id = p.user_id AND x.state IN ('active', 'paused')) < p.capacity
          AND NOT EXISTS (SELECT 1 FROM mentoring_matches x WHERE x.mentor_id = p.user_id AND x.mentee_id = $1 AND x.state IN ('requested', 'active', 'paused'))
        ORDER BY p.updated_at DESC, p.user_id
        LIMIT ${limit}`,
      [menteeId],
    );
  }

  async ongoingCount(mentorId: string, m: EntityManager = this.db.manager): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM mentoring_matches WHERE mentor_id = $1 AND state IN ('active', 'paused')`, [mentorId]);
    return n;
  }

  async blockedEitherWay(a: string, b: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const [{ blocked }] = await m.query(`SELECT ${blockedEitherWaySql('$1::uuid', '$2::uuid')} AS blocked`, [a, b]);
    return blocked;
  }

  async userExists(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows.length > 0;
  }

  async orgRole(userId: string, organizationId: string): Promise<string | null> {
    const rows = await this.db.query(`SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId]);
    return rows[0]?.role ?? null;
  }

  async insertMatch(
    m: EntityManager,
    row: { mentorId: string; menteeId: string; requestedBy: string; organizationId: string | null; intro: string; menteeAccepted: boolean },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO mentoring_matches (mentor_id, mentee_id, requested_by, suggested_by_organization_id, intro, mentee_accepted_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN now() END) RETURNING id`,
      [row.mentorId, row.menteeId, row.requestedBy, row.organizationId, row.intro, row.menteeAccepted],
    );
    return rows[0].id;
  }

  async match(id: string, m: EntityManager = this.db.manager, lock = false): Promise<MatchRow | null> {
    if (lock) await m.query(`SELECT 1 FROM mentoring_matches WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await m.query(`${MATCH_SELECT} WHERE mm.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async matchesOf(userId: string): Promise<MatchRow[]> {
    return this.db.query(
      `${MATCH_SELECT} WHERE (mm.mentor_id = $1 OR mm.mentee_id = $1)
        ORDER BY (mm.state IN ('requested', 'active', 'paused')) DESC, mm.updated_at DESC, mm.id LIMIT 200`,
      [userId],
    );
  }

  async applyTransition(m: EntityManager, id: string, t: Transition, firstCheckInAt: Date | null): Promise<void> {
    await m.query(
      `UPDATE mentoring_matches SET state = $2,
         mentee_accepted_at = CASE WHEN $3::boolean THEN now() ELSE mentee_accepted_at END,
         mentor_accepted_at = CASE WHEN $4::boolean THEN now() ELSE mentor_accepted_at END,
         started_at = CASE WHEN $5::boolean THEN now() ELSE started_at END,
         paused_at = CASE WHEN $6::boolean THEN now() WHEN $2 = 'active' THEN NULL ELSE paused_at END,
         ended_at = CASE WHEN $7::boolean THEN now() ELSE ended_at END,
         next_check_in_at = CASE WHEN $5::boolean THEN $8::timestamptz ELSE next_check_in_at END
       WHERE id = $1`,
      [id, t.state, !!t.menteeAccepted, !!t.mentorAccepted, !!t.started, !!t.paused, !!t.ended, firstCheckInAt],
    );
  }

  async setConversation(id: string, conversationId: string): Promise<void> {
    await this.db.query(`UPDATE mentoring_matches SET conversation_id = $2 WHERE id = $1`, [id, conversationId]);
  }

  async setKeep(id: string, side: 'mentor' | 'mentee', keep: boolean): Promise<void> {
    await this.db.query(`UPDATE mentoring_matches SET ${side === 'mentor' ? 'mentor_keeps_conversation' : 'mentee_keeps_conversation'} = $2 WHERE id = $1`, [id, keep]);
  }

  async insertFeedback(m: EntityManager, matchId: string, organizationId: string | null, authorId: string, note: string): Promise<void> {
    await m.query(`INSERT INTO mentoring_feedback (match_id, organization_id, author_id, note) VALUES ($1, $2, $3, $4)`, [matchId, organizationId, authorId, note]);
  }

  /** The organisation that hears feedback: the one that suggested the pair, else the first that marked the mentor as its own. */
  async feedbackOrganization(m: EntityManager, match: MatchRow): Promise<string | null> {
    if (match.suggested_by_organization_id) return match.suggested_by_organization_id;
    const rows = await m.query(`SELECT organization_id FROM organization_mentors WHERE user_id = $1 ORDER BY created_at, organization_id LIMIT 1`, [match.mentor_id]);
    return rows[0]?.organization_id ?? null;
  }

  async agreements(matchId: string, limit = 20, m: EntityManager = this.db.manager): Promise<AgreementRow[]> {
    return m.query(
      `SELECT a.*, u.username AS written_by_username, u.display_name AS written_by_display_name
         FROM mentoring_agreements a LEFT JOIN users u ON u.id = a.written_by
        WHERE a.match_id = $1 ORDER BY a.version DESC LIMIT ${limit}`,
      [matchId],
    );
  }

  async latestAgreementVersion(m: EntityManager, matchId: string): Promise<number> {
    const [{ v }] = await m.query(`SELECT coalesce(max(version), 0)::int AS v FROM mentoring_agreements WHERE match_id = $1`, [matchId]);
    return v;
  }

  async insertAgreement(
    m: EntityManager,
    matchId: string,
    version: number,
    a: { howOften: string; channel: string; coordinatorMaySee: string; howToEnd: string },
    writtenBy: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO mentoring_agreements (match_id, version, how_often, channel, coordinator_may_see, how_to_end, written_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [matchId, version, a.howOften, a.channel, a.coordinatorMaySee, a.howToEnd, writtenBy],
    );
  }


  // ---- sweeps ----

  /** Requests unanswered for the TTL become expired; answers who to tell. */
  async expireRequests(before: Date, limit: number): Promise<{ id: string; mentor_id: string; mentee_id: string }[]> {
    return returning(
      this.db,
      `UPDATE mentoring_matches SET state = 'expired', ended_at = now()
        WHERE id IN (SELECT id FROM mentoring_matches WHERE state = 'requested' AND created_at <= $1 ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, mentor_id, mentee_id`,
      [before],
    );
  }

  /** Active matches whose check-in is due; advances each to the next one (every 12 weeks) in the same statement. */
  async dueCheckIns(now: Date, everyMs: number, limit: number): Promise<{ id: string; mentor_id: string; mentee_id: string; check_ins_sent: number }[]> {
    return returning(
      this.db,
      `UPDATE mentoring_matches SET check_ins_sent = check_ins_sent + 1, next_check_in_at = next_check_in_at + ($2::bigint * interval '1 millisecond')
        WHERE id IN (SELECT id FROM mentoring_matches WHERE state = 'active' AND next_check_in_at <= $1 ORDER BY next_check_in_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, mentor_id, mentee_id, check_ins_sent`,
      [now, everyMs],
    );
  }

  /** Ended matches whose conversation is past its keeping time and not kept by both. */
  async conversationsToDelete(before: Date, limit: number): Promise<{ id: string; conversation_id: string | null }[]> {
    return this.db.query(
      `SELECT id, conversation_id FROM mentoring_matches
        WHERE state = 'ended' AND conversation_deleted_at IS NULL AND ended_at <= $1
          AND NOT (mentor_keeps_conversation AND mentee_keeps_conversation)
        ORDER BY ended_at LIMIT ${limit}`,
      [before],
    );
  }

  async markConversationDeleted(id: string): Promise<void> {
    await this.db.query(`UPDATE mentoring_matches SET conversation_deleted_at = now() WHERE id = $1`, [id]);
  }
}
