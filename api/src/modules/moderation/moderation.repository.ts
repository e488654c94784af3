import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ModerationAction, ReportReason, ReportTarget, WatchedWordAction } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';
import { prepared } from '../../core/database/prepared.js';
import { screeningColumnsSql, toScreeningContext, type ScreeningColumns, type ScreeningContext } from './screening-context.js';

export type WatchedWordRow = { id: string; word: string; action: WatchedWordAction; language: string | null; space_id: string | null };

export type ContentTarget = Exclude<ReportTarget, 'user'>;
export type ModerationState = 'visible' | 'pending' | 'hidden' | 'removed';
export type ItemKind = 'report' | 'safeguarding' | 'watched_word' | 'first_message' | 'outdated' | 'stale';

const SCREENING_CONTEXT = prepared(`SELECT ${screeningColumnsSql('$2', { language: '$3', withWords: '$4' })} FROM spaces s WHERE s.id = $1`);

/** The table that holds each kind of content; `user` has none. */
const TABLES: Record<ContentTarget, string> = { message: 'messages', story: 'stories', comment: 'story_comments', event: 'events', resource: 'resources', tip: 'resource_tips' };

export interface TargetInfo {
  type: ReportTarget;
  id: string;
  spaceId: string | null;
  authorId: string | null;
  authorName: string | null;
  /** A short view of the content, for the people deciding. */
  excerpt: string;
  state: ModerationState | null;
}

export interface ItemRow {
  id: string;
  target_type: ReportTarget;
  target_id: string;
  space_id: string | null;
  subject_user_id: string | null;
  kind: ItemKind;
  status: 'open' | 'resolved';
  auto_hidden: boolean;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ActionRow {
  id: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  space_id: string | null;
  subject_user_id: string | null;
  review_item_id: string | null;
  reason: string | null;
  guideline: string | null;
  until: Date | null;
  /** The platform role an admin granted or revoked. */
  role: string | null;
  created_at: Date;
}

@Injectable()
export class ModerationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Where a reported thing lives and who made it. */
  async target(type: ReportTarget, id: string, m: EntityManager = this.db.manager): Promise<TargetInfo | null> {
    return (await this.targets(type, [id], m)).get(id) ?? null;
  }

  /** Several things of one type in one query, by id. */
  async targets(type: ReportTarget, ids: string[], m: EntityManager = this.db.manager): Promise<Map<string, TargetInfo>> {
    if (!ids.length) return new Map();
    const sql: Record<ReportTarget, string> = {
      message: `SELECT id, space_id, author_id, left(body, 300) AS excerpt, moderation_state AS state FROM messages WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      story: `SELECT id, space_id, author_id, title AS excerpt, moderation_state AS state FROM stories WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      comment: `SELECT c.id, s.space_id, c.author_id, left(regexp_replace(c.html, '<[^>]+>', ' ', 'g'), 300) AS excerpt, c.moderation_state AS state
                  FROM story_comments c JOIN stories s ON s.id = c.story_id WHERE c.id = ANY($1::uuid[]) AND c.deleted_at IS NULL`,
      event: `SELECT id, space_id, created_by AS author_id, title AS excerpt, moderation_state AS state FROM events WHERE id = ANY($1::uuid[])`,
      user: `SELECT id, NULL::uuid AS space_id, id AS author_id, username AS excerpt, NULL AS state FROM users WHERE id = ANY($1::uuid[]) AND status <> 'deleted'`,
      // Directory entries and peer tips live outside any space: the platform's moderators decide.
      resource: `SELECT id, NULL::uuid AS space_id, created_by AS author_id, name AS excerpt, moderation_state AS state FROM resources WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      tip: `SELECT id, NULL::uuid AS space_id, author_id, left(body, 300) AS excerpt, moderation_state AS state FROM resource_tips WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
    };
    // The author's username too, so whoever decides sees whose words these are.
    const rows: { id: string; space_id: string | null; author_id: string | null; author_name: string | null; excerpt: string | null; state: ModerationState | null }[] = await m.query(
      `SELECT t.*, u.username AS author_name FROM (${sql[type]}) t LEFT JOIN users u ON u.id = t.author_id`,
      [ids],
    );
    return new Map(
      rows.map((r) => [r.id, { type, id: r.id, spaceId: r.space_id, authorId: r.author_id, authorName: r.author_name, excerpt: r.excerpt ?? '', state: r.state }]),
    );
  }

  async storyIsAnonymous(storyId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT anonymous FROM stories WHERE id = $1`, [storyId]);
    return rows[0]?.anonymous ?? false;
  }

  /** The story a comment belongs to, to check the reporter may read it. */
  async storyOfComment(commentId: string): Promise<string | null> {
    const rows = await this.db.query(`SELECT story_id FROM story_comments WHERE id = $1`, [commentId]);
    return rows[0]?.story_id ?? null;
  }

  /** The open item for a thing (of a kind), created if needed; concurrent reports land in one. */
  async openItem(m: EntityManager, t: TargetInfo, kind: ItemKind): Promise<ItemRow> {
    await m.query(
      `INSERT INTO review_items (target_type, target_id, space_id, subject_user_id, kind) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (target_type, target_id, kind) WHERE status = 'open' DO NOTHING`,
      [t.type, t.id, t.spaceId, t.authorId, kind],
    );
    const rows = await m.query(
      `SELECT * FROM review_items WHERE target_type = $1 AND target_id = $2 AND kind = $3 AND status = 'open' FOR UPDATE`,
      [t.type, t.id, kind],
    );
    return rows[0];
  }

  async addReport(m: EntityManager, itemId: string, reporterId: string, reason: ReportReason, note: string | null): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO reports (review_item_id, reporter_id, reason, note) VALUES ($1, $2, $3, $4) RETURNING id`,
      [itemId, reporterId, reason, note],
    );
    return id;
  }

  /** Different reporters of an item whose accounts are at least `minAccountAgeHours` old. */
  async distinctEstablishedReporters(m: EntityManager, itemId: string, minAccountAgeHours: number): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT count(DISTINCT r.reporter_id)::int AS n FROM reports r JOIN users u ON u.id = r.reporter_id
        WHERE r.review_item_id = $1 AND u.created_at <= now() - make_interval(hours => $2)`,
      [itemId, minAccountAgeHours],
    );
    return n;
  }

  async markAutoHidden(m: EntityManager, itemId: string): Promise<void> {
    await m.query(`UPDATE review_items SET auto_hidden = true, updated_at = now() WHERE id = $1`, [itemId]);
  }

  async setState(m: EntityManager, type: ContentTarget, id: string, state: ModerationState, reason: string | null): Promise<void> {
    await m.query(`UPDATE ${TABLES[type]} SET moderation_state = $2, moderation_reason = $3 WHERE id = $1`, [id, state, reason]);
  }

  async spaceSettings(spaceId: string | null, m: EntityManager = this.db.manager) {
    if (!spaceId) return null;
    const rows = await m.query(
      `SELECT slow_mode_seconds, approve_first_messages, auto_hide_threshold, show_moderator_names FROM spaces WHERE id = $1`,
      [spaceId],
    );
    return (rows[0] ?? null) as { slow_mode_seconds: number; approve_first_messages: boolean; auto_hide_threshold: number; show_moderator_names: boolean } | null;
  }

  async updateSpaceSettings(spaceId: string, s: { slowModeSeconds?: number; approveFirstMessages?: boolean; autoHideThreshold?: number; showModeratorNames?: boolean }) {
    await this.db.query(
      `UPDATE spaces SET slow_mode_seconds = coalesce($2, slow_mode_seconds), approve_first_messages = coalesce($3, approve_first_messages),
              auto_hide_threshold = coalesce($4, auto_hide_threshold), show_moderator_names = coalesce($5, show_moderator_names), updated_at = now()
        WHERE id = $1`,
      [spaceId, s.slowModeSeconds ?? null, s.approveFirstMessages ?? null, s.autoHideThreshold ?? null, s.showModeratorNames ?? null],
    );
  }

  async items(f: { spaceIds: string[] | 'all'; status: 'open' | 'resolved'; kinds: ItemKind[] }): Promise<ItemRow[]> {
    return this.db.query(
      `SELECT * FROM review_items WHERE status = $1 AND kind = ANY($2::text[]) AND ($3::boolean OR space_id = ANY($4::uuid[]))
        ORDER BY created_at DESC LIMIT 200`,
      [f.status, f.kinds, f.spaceIds === 'all', f.spaceIds === 'all' ? [] : f.spaceIds],
    );
  }

  async item(id: string, m: EntityManager = this.db.manager): Promise<ItemRow | null> {
    const rows = await m.query(`SELECT * FROM review_items WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async reportsOf(itemIds: string[]) {
    if (!itemIds.length) return [];
    return this.db.query(
      `SELECT r.id, r.review_item_id, r.reporter_id, u.username AS reporter_username, r.reason, r.note, r.created_at
         FROM reports r LEFT JOIN users u ON u.id = r.reporter_id WHERE r.review_item_id = ANY($1::uuid[]) ORDER BY r.created_at`,
      [itemIds],
    ) as Promise<{ id: string; review_item_id: string; reporter_id: string | null; reporter_username: string | null; reason: ReportReason; note: string | null; created_at: Date }[]>;
  }

  /**
   * Closes an open item exactly once: of two moderators acting together, the second finds it
   * resolved and gets nothing (the caller answers 409).
   */
  async resolveItem(m: EntityManager, id: string, resolution: ModerationAction, actorId: string): Promise<ItemRow | null> {
    const rows = await returning<ItemRow>(
      m,
      `UPDATE review_items SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND status = 'open' RETURNING *`,
      [id, resolution, actorId],
    );
    return rows[0] ?? null;
  }

  /** Append-only: every moderator and admin action, written in the same transaction as the action. */
  async logAction(
    m: EntityManager,
    a: { actorId: string | null; action: string; targetType: string; targetId: string | null; spaceId: string | null; subjectUserId: string | null; itemId: string | null; reason: string | null; guideline?: string | null; until?: Date | null; role?: string | null },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO moderation_actions (actor_id, action, target_type, target_id, space_id, subject_user_id, review_item_id, reason, guideline, until, role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [a.actorId, a.action, a.targetType, a.targetId, a.spaceId, a.subjectUserId, a.itemId, a.reason, a.guideline ?? null, a.until ?? null, a.role ?? null],
    );
    return id;
  }

  async actions(f: { spaceId?: string | null; itemIds?: string[]; subjectUserId?: string; limit: number }): Promise<ActionRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.spaceId !== undefined) where.push(f.spaceId === null ? `a.space_id IS NULL` : `a.space_id = $${params.push(f.spaceId)}`);
    if (f.itemIds) where.push(`a.review_item_id = ANY($${params.push(f.itemIds)}::uuid[])`);
    if (f.subjectUserId) where.push(`a.subject_user_id = $${params.push(f.subjectUserId)}`);
    return this.db.query(
      `SELECT a.*, u.username AS actor_username FROM moderation_actions a LEFT JOIN users u ON u.id = a.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at DESC LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  /** The latest action of a kind taken about a person (e.g. their suspension). */
  async latestAction(subjectUserId: string, action: string): Promise<ActionRow | null> {
    const rows = await this.db.query(
      `SELECT a.*, NULL AS actor_username FROM moderation_actions a WHERE a.subject_user_id = $1 AND a.action = $2 ORDER BY a.created_at DESC LIMIT 1`,
      [subjectUserId, action],
    );
    return rows[0] ?? null;
  }

  async action(id: string): Promise<ActionRow | null> {
    const rows = await this.db.query(`SELECT a.*, NULL AS actor_username FROM moderation_actions a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async mute(m: EntityManager, spaceId: string, userId: string, until: Date): Promise<void> {
    await m.query(
      `INSERT INTO space_mutes (space_id, user_id, until) VALUES ($1, $2, $3) ON CONFLICT (space_id, user_id) DO UPDATE SET until = EXCLUDED.until`,
      [spaceId, userId, until],
    );
  }

  async unmute(m: EntityManager, spaceId: string, userId: string): Promise<void> {
    await m.query(`DELETE FROM space_mutes WHERE space_id = $1 AND user_id = $2`, [spaceId, userId]);
  }

  /** Suspends, until a time or for good (the service ends the person's credentials with it). */
  async suspend(m: EntityManager, userId: string, until: Date | null): Promise<void> {
    await m.query(`UPDATE users SET status = 'suspended', suspended_until = $2, updated_at = now() WHERE id = $1 AND status <> 'deleted'`, [userId, until]);
  }

  async unsuspend(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE users SET status = 'active', suspended_until = NULL, updated_at = now() WHERE id = $1 AND status = 'suspended'`, [userId]);
  }

  async lastMessageAt(spaceId: string, userId: string): Promise<Date | null> {
    const rows = await this.db.query(
      `SELECT max(created_at) AS at FROM messages WHERE space_id = $1 AND author_id = $2`,
      [spaceId, userId],
    );
    return rows[0]?.at ?? null;
  }

  async hasVisibleMessage(spaceId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM messages WHERE space_id = $1 AND author_id = $2 AND moderation_state = 'visible' LIMIT 1`,
      [spaceId, userId],
    );
    return rows.length > 0;
  }

  /**
   * Everything the screen needs about a space and a person in one round trip: the mute in force,
   * the space's settings and, when asked, the watched words that apply.
   */
  async screeningContext(spaceId: string, userId: string, language: string | null, withWords: boolean): Promise<ScreeningContext | null> {
    const rows = await this.db.query(SCREENING_CONTEXT, [spaceId, userId, language, withWords]);
    return rows[0] ? toScreeningContext(rows[0] as ScreeningColumns) : null;
  }

  async watchedWords(spaceId: string | null, language: string | null) {
    return this.db.query(
      `SELECT id, word, action, language, space_id FROM watched_words
        WHERE (space_id IS NULL OR space_id = $1) AND (language IS NULL OR $2::text IS NULL OR language = $2)`,
      [spaceId, language],
    ) as Promise<WatchedWordRow[]>;
  }

  async listWatchedWords(spaceId: string | null) {
    return this.db.query(
      `SELECT id, word, action, language, space_id, created_at FROM watched_words WHERE space_id IS NOT DISTINCT FROM $1 ORDER BY word`,
      [spaceId],
    ) as Promise<{ id: string; word: string; action: WatchedWordAction; language: string | null; space_id: string | null; created_at: Date }[]>;
  }

  async addWatchedWord(w: { word: string; action: WatchedWordAction; language: string | null; spaceId: string | null; createdBy: string }): Promise<string> {
    const [{ id }] = await this.db.query(
      `INSERT INTO watched_words (word, action, language, space_id, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [w.word, w.action, w.language, w.spaceId, w.createdBy],
    );
    return id;
  }

  async watchedWord(id: string) {
    const rows = await this.db.query(`SELECT id, space_id FROM watched_words WHERE id = $1`, [id]);
    return (rows[0] ?? null) as { id: string; space_id: string | null } | null;
  }

  async deleteWatchedWord(id: string): Promise<void> {
    await this.db.query(`DELETE FROM watched_words WHERE id = $1`, [id]);
  }

  async createAppeal(actionId: string, userId: string, note: string): Promise<string | null> {
    const rows = await this.db.query(
      `INSERT INTO appeals (action_id, user_id, note) VALUES ($1, $2, $3) ON CONFLICT (action_id) DO NOTHING RETURNING id`,
      [actionId, userId, note],
    );
    return rows[0]?.id ?? null;
  }

  async appeals(f: { spaceIds: string[] | 'all'; status: 'open' | 'decided' }) {
    return this.db.query(
      `SELECT p.*, a.action, a.target_type, a.target_id, a.space_id, a.actor_id, a.reason AS action_reason, a.subject_user_id
         FROM appeals p JOIN moderation_actions a ON a.id = p.action_id
        WHERE ($1 = 'open') = (p.status = 'open') AND ($2::boolean OR a.space_id = ANY($3::uuid[]))
        ORDER BY p.created_at DESC LIMIT 200`,
      [f.status, f.spaceIds === 'all', f.spaceIds === 'all' ? [] : f.spaceIds],
    );
  }

  async appealWithAction(id: string, m: EntityManager = this.db.manager) {
    const rows = await m.query(
      `SELECT p.id, p.status, p.user_id, a.id AS action_id, a.action, a.target_type, a.target_id, a.space_id, a.actor_id, a.subject_user_id
         FROM appeals p JOIN moderation_actions a ON a.id = p.action_id WHERE p.id = $1`,
      [id],
    );
    return (rows[0] ?? null) as {
      id: string; status: string; user_id: string | null; action_id: string; action: string; target_type: string; target_id: string | null; space_id: string | null; actor_id: string | null; subject_user_id: string | null;
    } | null;
  }

  async decideAppeal(m: EntityManager, id: string, outcome: 'upheld' | 'overturned', deciderId: string, note: string): Promise<boolean> {
    const rows = await returning(
      m,
      `UPDATE appeals SET status = $2, decided_by = $3, decision_note = $4, decided_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
      [id, outcome, deciderId, note],
    );
    return rows.length > 0;
  }

  /**
   * Who reviews a new report: the keepers of its space (for something outside any space, the
   * admins), or for a safeguarding report the safeguarding leads (admins when there are none).
   * Never the reporter, never the person the report is about.
   */
  async reviewersOf(x: { safeguarding: boolean; spaceId: string | null; reporterId: string; authorId: string | null }): Promise<string[]> {
    const staff = (role: string) => `SELECT id FROM users WHERE status = 'active' AND '${role}' = ANY(roles)`;
    const sql = x.safeguarding
      ? `WITH leads AS (${staff('safeguarding')}) SELECT id FROM leads UNION SELECT id FROM (${staff('admin')}) a WHERE NOT EXISTS (SELECT 1 FROM leads)`
      : x.spaceId
        ? `SELECT sm.user_id AS id FROM space_members sm JOIN users u ON u.id = sm.user_id AND u.status = 'active' WHERE sm.space_id = $3 AND sm.role IN ('host', 'moderator')`
        : staff('admin');
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM (${sql}) r WHERE id <> $1 AND id IS DISTINCT FROM $2::uuid ORDER BY id LIMIT 200`,
      [x.reporterId, x.authorId, ...(x.safeguarding || !x.spaceId ? [] : [x.spaceId])],
    );
    return rows.map((r) => r.id);
  }

  async spaceLabel(spaceId: string): Promise<{ name: string; slug: string } | null> {
    const [row]: { name: string; slug: string }[] = await this.db.query(`SELECT name, slug FROM spaces WHERE id = $1`, [spaceId]);
    return row ?? null;
  }

  async spaceIdsKeptBy(userId: string): Promise<string[]> {
    const rows: { space_id: string }[] = await this.db.query(
      `SELECT space_id FROM space_members WHERE user_id = $1 AND role IN ('host', 'moderator')`,
      [userId],
    );
    return rows.map((r) => r.space_id);
  }
}
