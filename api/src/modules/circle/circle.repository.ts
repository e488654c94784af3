import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrganizationLogEntry } from '@sorstars/shared';

export interface CardRow {
  id: string;
  organization_id: string;
  author_id: string;
  mentee_id: string;
  alias: string;
  body: string;
  created_at: Date;
  expires_at: Date;
}

/**
 * A card is visible while it has not expired AND its mentee's permission still stands: withdrawing
 * the permission hides every card about them at once, in every query that reads cards.
 */
const VISIBLE_CARD = `c.expires_at > now() AND EXISTS (
  SELECT 1 FROM case_discussion_permissions p
   WHERE p.mentee_id = c.mentee_id AND p.mentor_id = c.author_id AND p.withdrawn_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM users du WHERE du.id IN (c.mentee_id, c.author_id) AND du.status = 'deleted')`;

export type LogAction = OrganizationLogEntry['action'];

@Injectable()
export class CircleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async organization(id: string): Promise<{ id: string; name: string } | null> {
    return (await this.db.query(`SELECT id, name FROM organizations WHERE id = $1`, [id]))[0] ?? null;
  }

  async orgRole(organizationId: string, userId: string): Promise<'staff' | 'admin' | null> {
    return (await this.db.query(`SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId]))[0]?.role ?? null;
  }

  async isMentor(organizationId: string, userId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM organization_mentors WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId])).length > 0;
  }

  /** The circles someone belongs to as a mentor (organisations that marked them and opened one). */
  async circlesOf(userId: string): Promise<{ id: string; slug: string; name: string }[]> {
    return this.db.query(
      `SELECT o.id, o.slug, o.name FROM organization_mentors om JOIN mentor_circles c ON c.organization_id = om.organization_id
         JOIN organizations o ON o.id = om.organization_id WHERE om.user_id = $1 ORDER BY o.name LIMIT 100`,
      [userId],
    );
  }

  async circleSpace(organizationId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    return (await m.query(`SELECT space_id FROM mentor_circles WHERE organization_id = $1`, [organizationId]))[0]?.space_id ?? null;
  }

  /** The hidden space and its members (every mentor marked so far), in the caller's transaction. */
  async createCircle(m: EntityManager, organizationId: string, slug: string, name: string, description: string, by: string): Promise<string> {
    await m.query(`SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE`, [organizationId]);
    const existing = await this.circleSpace(organizationId, m);
    if (existing) return existing;
    const [{ id }] = await m.query(
      `INSERT INTO spaces (slug, name, description, visibility, created_by) VALUES ($1, $2, $3, 'hidden', $4) RETURNING id`,
      [slug, name, description, by],
    );
    await m.query(`INSERT INTO mentor_circles (organization_id, space_id, created_by) VALUES ($1, $2, $3)`, [organizationId, id, by]);
    await m.query(
      `INSERT INTO space_members (space_id, user_id, role) SELECT $1, user_id, 'member' FROM organization_mentors WHERE organization_id = $2 ON CONFLICT DO NOTHING`,
      [id, organizationId],
    );
    return id;
  }

  async addMentor(m: EntityManager, organizationId: string, userId: string, by: string): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO organization_mentors (organization_id, user_id, marked_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [organizationId, userId, by],
    );
    await m.query(
      `INSERT INTO space_members (space_id, user_id, role, last_read_seq)
       SELECT s.id, $2, 'member', s.last_seq FROM mentor_circles c JOIN spaces s ON s.id = c.space_id WHERE c.organization_id = $1
       ON CONFLICT DO NOTHING`,
      [organizationId, userId],
    );
    return rows.length > 0;
  }

  async removeMentor(m: EntityManager, organizationId: string, userId: string): Promise<boolean> {
    const rows = await m.query(`DELETE FROM organization_mentors WHERE organization_id = $1 AND user_id = $2 RETURNING user_id`, [organizationId, userId]);
    await m.query(`DELETE FROM space_members WHERE user_id = $2 AND space_id = (SELECT space_id FROM mentor_circles WHERE organization_id = $1)`, [organizationId, userId]);
    return rows.length > 0;
  }

  async mentors(organizationId: string): Promise<{ user_id: string; username: string; display_name: string | null; created_at: Date }[]> {
    return this.db.query(
      `SELECT m.user_id, u.username, u.display_name, m.created_at FROM organization_mentors m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = $1 AND u.status <> 'deleted' ORDER BY u.username LIMIT 500`,
      [organizationId],
    );
  }

  /** The organisation's feedback, newest first, leaving out every match the viewer was a side of. */
  async feedbackFor(organizationId: string, viewerId: string, limit: number): Promise<{ id: string; note: string; side: 'mentor' | 'mentee' | null; month: string }[]> {
    return this.db.query(
      `SELECT f.id, f.note,
              CASE WHEN f.author_id = mm.mentor_id THEN 'mentor' WHEN f.author_id = mm.mentee_id THEN 'mentee' END AS side,
              to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month
         FROM mentoring_feedback f JOIN mentoring_matches mm ON mm.id = f.match_id
        WHERE f.organization_id = $1 AND mm.mentor_id <> $2 AND mm.mentee_id <> $2
        ORDER BY f.created_at DESC, f.id LIMIT ${limit}`,
      [organizationId, viewerId],
    );
  }

  async activeUserByUsernameKey(key: string): Promise<string | null> {
    return (await this.db.query(`SELECT id FROM users WHERE username_key = $1 AND status = 'active'`, [key]))[0]?.id ?? null;
  }

  /** Whether a mentor–mentee relation stands: an active or paused match between them. */
  async hasRelation(mentorId: string, menteeId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM mentoring_matches WHERE mentor_id = $1 AND mentee_id = $2 AND state IN ('active', 'paused') LIMIT 1`,
      [mentorId, menteeId],
    );
    return rows.length > 0;
  }

  async setPermission(menteeId: string, mentorId: string, allowed: boolean): Promise<void> {
    if (allowed) {
      await this.db.query(
        `INSERT INTO case_discussion_permissions (mentee_id, mentor_id) VALUES ($1, $2)
         ON CONFLICT (mentee_id, mentor_id) DO UPDATE SET granted_at = now(), withdrawn_at = NULL`,
        [menteeId, mentorId],
      );
    } else {
      // Withdrawing ends the cards about them at once: hidden by VISIBLE_CARD even before the
      // delete commits, and gone afterwards, so granting again later resurfaces nothing.
      await this.db.transaction(async (m) => {
        await m.query(`UPDATE case_discussion_permissions SET withdrawn_at = now() WHERE mentee_id = $1 AND mentor_id = $2 AND withdrawn_at IS NULL`, [menteeId, mentorId]);
        await m.query(`DELETE FROM case_cards WHERE mentee_id = $1 AND author_id = $2`, [menteeId, mentorId]);
      });
    }
  }

  /** The people a mentee has given (or withdrawn) permission to. */
  async permissionsGiven(menteeId: string) {
    return this.db.query(
      `SELECT p.mentor_id, u.username, u.display_name, p.granted_at, p.withdrawn_at
         FROM case_discussion_permissions p JOIN users u ON u.id = p.mentor_id
        WHERE p.mentee_id = $1 AND u.status <> 'deleted' ORDER BY u.username LIMIT 100`,
      [menteeId],
    ) as Promise<{ mentor_id: string; username: string; display_name: string | null; granted_at: Date; withdrawn_at: Date | null }[]>;
  }

  /** Mentees who let this mentor discuss them now: the choices of the card form. */
  async permissionsReceived(mentorId: string) {
    return this.db.query(
      `SELECT p.mentee_id, u.username, u.display_name FROM case_discussion_permissions p JOIN users u ON u.id = p.mentee_id
        WHERE p.mentor_id = $1 AND p.withdrawn_at IS NULL AND u.status = 'active' ORDER BY u.username LIMIT 100`,
      [mentorId],
    ) as Promise<{ mentee_id: string; username: string; display_name: string | null }[]>;
  }

  async hasPermission(menteeId: string, mentorId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM case_discussion_permissions WHERE mentee_id = $1 AND mentor_id = $2 AND withdrawn_at IS NULL`, [menteeId, mentorId])).length > 0;
  }

  /** The strings of the mentee's own profile the check must not find in a card. */
  async menteeStrings(menteeId: string): Promise<{ displayName: string | null; username: string | null; city: string | null; about: string | null }> {
    const [user] = await this.db.query(`SELECT username, display_name FROM users WHERE id = $1`, [menteeId]);
    const [profile] = await this.db.query(`SELECT city, about FROM mentoring_profiles WHERE user_id = $1`, [menteeId]);
    return { displayName: user?.display_name ?? null, username: user?.username ?? null, city: profile?.city ?? null, about: profile?.about ?? null };
  }

  async insertCard(c: { organizationId: string; authorId: string; menteeId: string; alias: string; body: string }): Promise<string> {
    const [{ id }] = await this.db.query(
      `INSERT INTO case_cards (organization_id, author_id, mentee_id, alias, body) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [c.organizationId, c.authorId, c.menteeId, c.alias, c.body],
    );
    return id;
  }

  async cards(organizationId: string, limit: number): Promise<CardRow[]> {
    return this.db.query(`SELECT c.* FROM case_cards c WHERE c.organization_id = $1 AND ${VISIBLE_CARD} ORDER BY c.created_at DESC, c.id LIMIT ${limit}`, [organizationId]);
  }

  async card(id: string): Promise<CardRow | null> {
    return (await this.db.query(`SELECT c.* FROM case_cards c WHERE c.id = $1 AND ${VISIBLE_CARD}`, [id]))[0] ?? null;
  }

  async logView(cardId: string, viewerId: string): Promise<void> {
    await this.db.query(`INSERT INTO case_card_views (card_id, viewer_id) VALUES ($1, $2)`, [cardId, viewerId]);
  }

  async deleteCard(id: string, authorId: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM case_cards WHERE id = $1 AND author_id = $2 RETURNING id`, [id, authorId])).length > 0;
  }

  /**
   * Cards about a mentee that are still visible, with the days other mentors opened them
   * ("discussed"): never the text, never who opened them.
   */
  async cardsAbout(menteeId: string) {
    return this.db.query(
      `SELECT c.id, c.created_at, c.expires_at, o.id AS organization_id, o.name AS organization_name,
              coalesce((SELECT array_agg(DISTINCT to_char(v.viewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))
                          FROM case_card_views v WHERE v.card_id = c.id AND v.viewer_id IS DISTINCT FROM c.author_id), '{}') AS discussed_on
         FROM case_cards c JOIN organizations o ON o.id = c.organization_id
        WHERE c.mentee_id = $1 AND ${VISIBLE_CARD} ORDER BY c.created_at DESC LIMIT 100`,
      [menteeId],
    ) as Promise<{ id: string; created_at: Date; expires_at: Date; organization_id: string; organization_name: string; discussed_on: string[] }[]>;
  }

  /** The 90-day sweep: expired cards and their view logs go (idempotent, any process may run it). */
  async sweep(): Promise<number> {
    return (await this.db.query(`DELETE FROM case_cards WHERE expires_at <= now() RETURNING id`)).length;
  }

  async log(m: EntityManager | null, organizationId: string, actorId: string, action: LogAction, subjectId: string | null = null): Promise<void> {
    await (m ?? this.db.manager).query(`INSERT INTO organization_log (organization_id, actor_id, action, subject_id) VALUES ($1, $2, $3, $4)`, [
      organizationId,
      actorId,
      action,
      subjectId,
    ]);
  }

  async logEntries(organizationId: string, limit: number) {
    return this.db.query(
      `SELECT l.id, l.action, l.created_at, a.username AS actor, s.username AS subject
         FROM organization_log l LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users s ON s.id = l.subject_id
        WHERE l.organization_id = $1 ORDER BY l.created_at DESC, l.id LIMIT ${limit}`,
      [organizationId],
    ) as Promise<{ id: string; action: LogAction; created_at: Date; actor: string | null; subject: string | null }[]>;
  }
}
