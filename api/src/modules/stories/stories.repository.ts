import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Locale, NoteMode, SpaceRole, StoryReaction, StoryTopic } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';
import { storyReadableSql } from './stories.policy.js';

export interface StoryRow {
  id: string;
  author_id: string | null;
  author_username: string | null;
  author_display_name: string | null;
  author_name_lookalike: boolean | null;
  title: string;
  content: unknown;
  html: string;
  plain_text: string;
  content_warnings: string[];
  visibility: 'public' | 'members' | 'space';
  space_id: string | null;
  language: Locale;
  topics: StoryTopic[];
  status: 'draft' | 'published';
  anonymous: boolean;
  consent_handbook: boolean;
  consent_updated_at: Date | null;
  comments_enabled: boolean;
  published_at: Date | null;
  edited_at: Date | null;
  created_at: Date;
  deleted_at: Date | null;
  moderation_state: 'visible' | 'pending' | 'hidden' | 'removed';
  moderation_reason: string | null;
  viewer_space_role: SpaceRole | null;
  viewer_revealed: boolean;
  reactions: { kind: StoryReaction; count: number; mine: boolean }[];
  comment_count: number;
}

/** A story with what one viewer needs to see it; `$1` is the viewer (or null for a visitor). */
const STORY_SELECT = `
  SELECT s.*, a.username AS author_username, a.display_name AS author_display_name,
         display_name_imitates(a.id, a.display_name_skeleton) AS author_name_lookalike,
         (SELECT m.role FROM space_members m WHERE m.space_id = s.space_id AND m.user_id = $1::uuid) AS viewer_space_role,
         EXISTS (SELECT 1 FROM story_reveals r WHERE r.story_id = s.id AND r.user_id = $1::uuid) AS viewer_revealed,
         coalesce((SELECT json_agg(json_build_object('kind', x.kind, 'count', x.n, 'mine', x.mine) ORDER BY x.kind)
                     FROM (SELECT kind, count(*)::int AS n, bool_or(user_id = $1::uuid) AS mine
                             FROM story_reactions WHERE story_id = s.id GROUP BY kind) x), '[]') AS reactions,
         (SELECT count(*)::int FROM story_comments c WHERE c.story_id = s.id AND c.deleted_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = $1::uuid AND b.blocked_id = c.author_id)) AS comment_count
    FROM stories s LEFT JOIN users a ON a.id = s.author_id`;

/** What a viewer may read: the policy's predicate (search asks the same one). */
const READABLE = storyReadableSql();

export interface StoryListFilter {
  topic?: StoryTopic;
  language?: Locale;
  spaceId?: string;
  mine?: boolean;
  handbook?: boolean;
  /** Notes the viewer chose to hide: stories carrying any of them are left out (but their own). */
  hiddenNotes: string[];
  hideCustomNotes: boolean;
  limit: number;
  after?: { at: string; id: string };
}

export interface StoryWrite {
  title: string;
  content: unknown;
  html: string;
  plainText: string;
  contentWarnings: string[];
  visibility: 'public' | 'members' | 'space';
  spaceId: string | null;
  language: Locale;
  topics: StoryTopic[];
  status: 'draft' | 'published';
  anonymous: boolean;
  commentsEnabled: boolean;
}

@Injectable()
export class StoriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async find(viewerId: string | null, id: string): Promise<StoryRow | null> {
    const rows = await this.db.query(`${STORY_SELECT} WHERE s.id = $2 AND s.deleted_at IS NULL`, [viewerId, id]);
    return rows[0] ?? null;
  }

  async list(viewerId: string | null, f: StoryListFilter, knownNotes: readonly string[]): Promise<StoryRow[]> {
    const params: unknown[] = [viewerId];
    const where = [READABLE];
    const add = (value: unknown) => (params.push(value), `$${params.length}`);
    if (f.mine) where.push(`s.author_id = $1::uuid`);
    else where.push(`s.status = 'published'`);
    if (f.topic) where.push(`${add(f.topic)} = ANY(s.topics)`);
    if (f.language) where.push(`s.language = ${add(f.language)}`);
    if (f.spaceId) where.push(`s.space_id = ${add(f.spaceId)}`);
    if (f.handbook) where.push(`s.consent_handbook`);
    if (!f.mine && f.hiddenNotes.length) where.push(`(s.author_id = $1::uuid OR NOT (s.content_warnings && ${add(f.hiddenNotes)}::text[]))`);
    if (!f.mine && f.hideCustomNotes) {
      where.push(`(s.author_id = $1::uuid OR NOT EXISTS (SELECT 1 FROM unnest(s.content_warnings) w WHERE NOT (w = ANY(${add(knownNotes)}::text[]))))`);
    }
    // Milliseconds, like the cursor (a JS Date): ordering by microseconds would skip rows sharing the cursor's millisecond.
    const at = `date_trunc('milliseconds', coalesce(s.published_at, s.created_at))`;
    if (f.after) where.push(`(${at}, s.id) < (${add(f.after.at)}::timestamptz, ${add(f.after.id)}::uuid)`);
    return this.db.query(
      `${STORY_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${at} DESC, s.id DESC LIMIT ${add(f.limit)}`,
      params,
    );
  }

  async insert(m: EntityManager, authorId: string, w: StoryWrite, consentHandbook: boolean): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO stories (author_id, title, content, html, plain_text, content_warnings, visibility, space_id, language, topics,
                            status, anonymous, comments_enabled, consent_handbook, consent_updated_at, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), CASE WHEN $11 = 'published' THEN now() END)
       RETURNING id`,
      [authorId, w.title, JSON.stringify(w.content), w.html, w.plainText, w.contentWarnings, w.visibility, w.spaceId, w.language, w.topics,
        w.status, w.anonymous, w.commentsEnabled, consentHandbook],
    );
    await this.recordConsent(m, id, consentHandbook);
    return id;
  }

  /**
   * Writes the new state. A published story whose words change is marked edited; publishing the
   * first time stamps published_at; unpublishing keeps it, so a re-publish keeps its place.
   */
  async update(m: EntityManager, id: string, w: StoryWrite, wordsChanged: boolean): Promise<void> {
    await m.query(
      `UPDATE stories SET title = $2, content = $3, html = $4, plain_text = $5, content_warnings = $6, visibility = $7, space_id = $8,
              language = $9, topics = $10, anonymous = $12, comments_enabled = $13,
              edited_at = CASE WHEN status = 'published' AND $14 THEN now() ELSE edited_at END,
              published_at = CASE WHEN $11 = 'published' THEN coalesce(published_at, now()) ELSE published_at END,
              status = $11, updated_at = now()
        WHERE id = $1`,
      [id, w.title, JSON.stringify(w.content), w.html, w.plainText, w.contentWarnings, w.visibility, w.spaceId, w.language, w.topics,
        w.status, w.anonymous, w.commentsEnabled, wordsChanged],
    );
  }

  async setConsent(m: EntityManager, id: string, handbook: boolean): Promise<void> {
    await m.query(`UPDATE stories SET consent_handbook = $2, consent_updated_at = now() WHERE id = $1`, [id, handbook]);
    await this.recordConsent(m, id, handbook);
  }

  /** Every change of consent is kept: when it was given and when withdrawn. */
  private async recordConsent(m: EntityManager, id: string, handbook: boolean): Promise<void> {
    await m.query(`INSERT INTO story_consents (story_id, handbook) VALUES ($1, $2)`, [id, handbook]);
  }

  async softDelete(id: string): Promise<void> {
    await this.db.query(`UPDATE stories SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  async toggleReaction(storyId: string, userId: string, kind: StoryReaction): Promise<void> {
    const removed = await returning(
      this.db,
      `DELETE FROM story_reactions WHERE story_id = $1 AND user_id = $2 AND kind = $3 RETURNING kind`,
      [storyId, userId, kind],
    );
    if (!removed.length) {
      await this.db.query(`INSERT INTO story_reactions (story_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [storyId, userId, kind]);
    }
  }

  async reveal(storyId: string, userId: string): Promise<void> {
    await this.db.query(`INSERT INTO story_reveals (story_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [storyId, userId]);
  }

  async notePreferences(userId: string | null): Promise<Map<string, NoteMode>> {
    if (!userId) return new Map();
    const rows: { note: string; mode: NoteMode }[] = await this.db.query(`SELECT note, mode FROM content_note_preferences WHERE user_id = $1`, [userId]);
    return new Map(rows.map((r) => [r.note, r.mode]));
  }

  async setNotePreferences(userId: string, prefs: Record<string, NoteMode>): Promise<void> {
    await this.db.transaction(async (m) => {
      for (const [note, mode] of Object.entries(prefs)) {
        await m.query(
          `INSERT INTO content_note_preferences (user_id, note, mode) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, note) DO UPDATE SET mode = EXCLUDED.mode`,
          [userId, note, mode],
        );
      }
    });
  }
}
