import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConversationOrigin, ConversationState, MessageAllowFrom, OutreachRole } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';
import { UNREAD_CAP } from '../spaces/spaces.repository.js';

export interface ConversationRow {
  id: string;
  space_id: string;
  initiator_id: string | null;
  recipient_id: string | null;
  origin: ConversationOrigin;
  state: ConversationState;
  review_item_id: string | null;
  outreach_as: OutreachRole | null;
  outreach_context: string | null;
  updated_at: Date;
}

/** A conversation as one of its two people sees it. */
export interface ConversationView extends ConversationRow {
  other_id: string | null;
  other_username: string | null;
  other_display_name: string | null;
  archived: boolean;
  last_seq: string;
  last_read_seq: string;
  unread: number;
  match_id: string | null;
}

/** What an outreach needs to know about a review item, and in which capacity the caller may act on it. */
export interface OutreachSubject {
  id: string;
  subject_user_id: string | null;
  space_id: string | null;
  space_name: string | null;
  keeper: boolean;
  organization_name: string | null;
  org_staff: boolean;
}

const COLUMNS = `c.id, c.space_id, c.initiator_id, c.recipient_id, c.origin, c.state, c.review_item_id, c.outreach_as, c.outreach_context, c.updated_at`;

/** `$1` is the viewer. Unread counts stop at UNREAD_CAP like a space's. */
const VIEW_SELECT = `
  SELECT ${COLUMNS},
         o.id AS other_id, o.username AS other_username, o.display_name AS other_display_name,
         s.archived_at IS NOT NULL AS archived, s.last_seq, m.last_read_seq,
         (SELECT count(*)::int FROM (
            SELECT 1 FROM messages g
             WHERE g.space_id = s.id AND g.seq > m.last_read_seq AND g.deleted_at IS NULL AND g.moderation_state = 'visible'
               AND g.author_id IS DISTINCT FROM $1 LIMIT ${UNREAD_CAP}) u) AS unread,
         -- The mentoring match this conversation belongs to, only when the viewer is one of its two sides.
         (SELECT mm.id FROM mentoring_matches mm
           WHERE mm.conversation_id = c.id AND (mm.mentor_id = $1 OR mm.mentee_id = $1)
           ORDER BY mm.created_at DESC, mm.id LIMIT 1) AS match_id
    FROM conversations c
    JOIN spaces s ON s.id = c.space_id
    JOIN space_members m ON m.space_id = s.id AND m.user_id = $1
    -- An erased account is "a former member": no name, no id to write to.
    LEFT JOIN users o ON o.id = CASE WHEN c.initiator_id = $1 THEN c.recipient_id ELSE c.initiator_id END AND o.status <> 'deleted'`;

@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async userExists(userId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND status <> 'deleted'`, [userId]);
    return rows.length > 0;
  }

  /** Whether either of the two blocked the other. */
  async blockedEitherWay(a: string, b: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM user_blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)`,
      [a, b],
    );
    return rows.length > 0;
  }

  /** Both belong to one group space (a conversation's own space does not count). */
  async shareSpace(a: string, b: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM space_members x JOIN space_members y ON y.space_id = x.space_id AND y.user_id = $2
         JOIN spaces s ON s.id = x.space_id AND s.kind = 'group'
        WHERE x.user_id = $1 LIMIT 1`,
      [a, b],
    );
    return rows.length > 0;
  }

  /**
   * Whether the two have a live mentoring match. The matches table belongs to the mentoring module,
   * which may not be installed yet: without it nobody counts as a match.
   */
  async matched(a: string, b: string): Promise<boolean> {
    const [{ present }] = await this.db.query(`SELECT to_regclass('public.mentoring_matches') IS NOT NULL AS present`);
    if (!present) return false;
    const rows = await this.db.query(
      `SELECT 1 FROM mentoring_matches
        WHERE ((mentor_id = $1 AND mentee_id = $2) OR (mentor_id = $2 AND mentee_id = $1)) AND state IN ('active', 'paused') LIMIT 1`,
      [a, b],
    );
    return rows.length > 0;
  }

  async accountAgeDays(userId: string): Promise<number> {
    const rows = await this.db.query(`SELECT extract(epoch FROM now() - created_at) / 86400 AS days FROM users WHERE id = $1`, [userId]);
    return Number(rows[0]?.days ?? 0);
  }

  async allowFrom(userId: string): Promise<MessageAllowFrom> {
    const rows = await this.db.query(`SELECT allow_from FROM message_settings WHERE user_id = $1`, [userId]);
    return rows[0]?.allow_from ?? 'everyone';
  }

  async setAllowFrom(userId: string, allowFrom: MessageAllowFrom): Promise<void> {
    await this.db.query(
      `INSERT INTO message_settings (user_id, allow_from) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET allow_from = EXCLUDED.allow_from, updated_at = now()`,
      [userId, allowFrom],
    );
  }

  /** The ordinary (not outreach) conversation of a pair, whoever began it. */
  async findPair(a: string, b: string, m: EntityManager = this.db.manager): Promise<ConversationRow | null> {
    const rows = await m.query(
      `SELECT ${COLUMNS} FROM conversations c
        WHERE c.origin <> 'outreach' AND LEAST(c.initiator_id, c.recipient_id) = LEAST($1::uuid, $2::uuid)
          AND GREATEST(c.initiator_id, c.recipient_id) = GREATEST($1::uuid, $2::uuid)
          AND c.initiator_id IS NOT NULL AND c.recipient_id IS NOT NULL
        FOR UPDATE`,
      [a, b],
    );
    return rows[0] ?? null;
  }

  async findOutreach(itemId: string, recipientId: string, m: EntityManager = this.db.manager): Promise<ConversationRow | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM conversations c WHERE c.origin = 'outreach' AND c.review_item_id = $1 AND c.recipient_id = $2`, [itemId, recipientId]);
    return rows[0] ?? null;
  }

  /** Every live conversation between two people, ordinary and outreach alike. */
  async between(a: string, b: string, m: EntityManager): Promise<ConversationRow[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM conversations c
        WHERE ((c.initiator_id = $1 AND c.recipient_id = $2) OR (c.initiator_id = $2 AND c.recipient_id = $1))
          AND c.state NOT IN ('ended', 'declined') FOR UPDATE`,
      [a, b],
    );
  }

  async byId(id: string, m: EntityManager = this.db.manager): Promise<ConversationRow | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM conversations c WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async bySpace(spaceId: string): Promise<ConversationRow | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM conversations c WHERE c.space_id = $1`, [spaceId]);
    return rows[0] ?? null;
  }

  async insert(
    m: EntityManager,
    c: { spaceId: string; initiatorId: string; recipientId: string; origin: ConversationOrigin; state: ConversationState; reviewItemId?: string; outreachAs?: OutreachRole; outreachContext?: string | null },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO conversations (space_id, initiator_id, recipient_id, origin, state, review_item_id, outreach_as, outreach_context)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [c.spaceId, c.initiatorId, c.recipientId, c.origin, c.state, c.reviewItemId ?? null, c.outreachAs ?? null, c.outreachContext ?? null],
    );
    return rows[0].id;
  }

  /** Moves a conversation on; `from` guards the transition so two concurrent answers cannot both apply. */
  async setState(m: EntityManager, id: string, from: readonly ConversationState[], to: ConversationState, patch: { initiatorId?: string; recipientId?: string; origin?: ConversationOrigin } = {}): Promise<boolean> {
    const rows = await returning(
      m,
      `UPDATE conversations SET state = $3, updated_at = now(),
              initiator_id = coalesce($4, initiator_id), recipient_id = coalesce($5, recipient_id), origin = coalesce($6, origin)
        WHERE id = $1 AND state = ANY($2::text[]) RETURNING id`,
      [id, from, to, patch.initiatorId ?? null, patch.recipientId ?? null, patch.origin ?? null],
    );
    return rows.length > 0;
  }

  async view(viewerId: string, id: string): Promise<ConversationView | null> {
    const rows = await this.db.query(`${VIEW_SELECT} WHERE c.id = $2`, [viewerId, id]);
    return rows[0] ?? null;
  }

  /**
   * The inbox: open conversations and the requests the viewer sent; `requests`: those waiting for
   * the viewer's answer. Ignored requests are in neither for their recipient. Bounded: a person
   * sees their latest 200 conversations.
   */
  async list(viewerId: string, box: 'inbox' | 'requests'): Promise<ConversationView[]> {
    const where =
      box === 'requests'
        ? `c.state = 'request' AND c.recipient_id = $1`
        : `(c.state = 'open' OR (c.state IN ('request', 'ignored') AND c.initiator_id = $1))`;
    return this.db.query(`${VIEW_SELECT} WHERE ${where} ORDER BY greatest(c.updated_at, (SELECT max(g.created_at) FROM messages g WHERE g.space_id = s.id)) DESC NULLS LAST LIMIT 200`, [viewerId]);
  }

  /** The other member's read position, so their message notification is told once until they read. */
  async lastReadSeq(spaceId: string, userId: string): Promise<string | null> {
    const rows = await this.db.query(`SELECT last_read_seq FROM space_members WHERE space_id = $1 AND user_id = $2`, [spaceId, userId]);
    return rows[0]?.last_read_seq ?? null;
  }

  /**
   * A review item as an outreach sees it: who it is about, and whether the caller keeps the space
   * it is in or is staff of the organisation whose resource, tip or event it concerns.
   */
  async outreachSubject(itemId: string, callerId: string): Promise<OutreachSubject | null> {
    const rows = await this.db.query(
      `SELECT i.id, i.subject_user_id, i.space_id, sp.name AS space_name,
              EXISTS (SELECT 1 FROM space_members k WHERE k.space_id = i.space_id AND k.user_id = $2 AND k.role IN ('host', 'moderator'))
                AND coalesce(sp.kind = 'group', false) AS keeper,
              o.name AS organization_name,
              EXISTS (SELECT 1 FROM organization_members om WHERE om.organization_id = o.id AND om.user_id = $2) AS org_staff
         FROM review_items i
         LEFT JOIN spaces sp ON sp.id = i.space_id
         LEFT JOIN organizations o ON o.id = CASE i.target_type
              WHEN 'resource' THEN (SELECT r.organization_id FROM resources r WHERE r.id = i.target_id)
              WHEN 'tip' THEN (SELECT r.organization_id FROM resource_tips t JOIN resources r ON r.id = t.resource_id WHERE t.id = i.target_id)
              WHEN 'event' THEN (SELECT e.organization_id FROM events e WHERE e.id = i.target_id)
            END
        WHERE i.id = $1`,
      [itemId, callerId],
    );
    return rows[0] ?? null;
  }
}
