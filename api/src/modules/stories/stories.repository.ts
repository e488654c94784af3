import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Locale, NoteMode, SpaceRole, StoryReaction, StoryTopic } from '@sorstars/shared';
import { prepared } from '../../core/database/prepared.js';
import { firstRows } from '../../core/database/page-limit.js';
import { returning } from '../../core/database/returning.js';
import { COMMENT_COUNT, STORY_COLUMNS, STORY_FROM, storyListQuery, type StoryListFilter } from './story-list.sql.js';

export type { StoryListFilter };

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
    const rows = await this.db.query(
      `${STORY_COLUMNS}, ${COMMENT_COUNT} AS comment_count
         ${STORY_FROM} WHERE s.id = $2 AND s.deleted_at IS NULL`,
      [viewerId, id],
    );
    return rows[0] ?? null;
  }

  async list(viewerId: string | null, f: StoryListFilter, knownNotes: readonly string[]): Promise<StoryRow[]> {
    const { text, params } = storyListQuery(viewerId, f, knownNotes);
    const rows: StoryRow[] = await this.db.query(prepared(text), params);
    return firstRows(rows, f.limit);
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
    const rows: { note: string; mode: NoteMode }[] = await this.db.query(prepared(`SELECT note, mode FROM content_note_preferences WHERE user_id = $1`), [userId]);
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
