import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StoryComment } from '@sorstars/shared';
import type { CursorPosition } from '../../core/pagination/cursor.js';
import { firstRows } from '../../core/database/page-limit.js';
import { prepared } from '../../core/database/prepared.js';
import { COMMENT_REPLIES, COMMENT_SELECT, commentPageQuery } from './comment-queries.sql.js';

export { REPLIES_PER_COMMENT } from './comment-queries.sql.js';

export interface CommentRow {
  id: string;
  story_id: string;
  reply_to_id: string | null;
  author_id: string | null;
  username: string | null;
  display_name: string | null;
  name_lookalike: boolean | null;
  content: unknown;
  html: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  moderation_state: 'visible' | 'pending' | 'hidden' | 'removed';
}

/** Deleted, or hidden or removed by moderators (then only its author still reads it). */
export function toComment(r: CommentRow, viewerId: string | null = null): StoryComment {
  const deleted = r.deleted_at !== null || (r.moderation_state !== 'visible' && r.author_id !== viewerId);
  return {
    id: r.id,
    storyId: r.story_id,
    replyToId: r.reply_to_id,
    author: r.author_id && r.username ? { id: r.author_id, username: r.username, displayName: r.display_name, nameLookalike: !!r.name_lookalike } : null,
    content: deleted ? null : r.content,
    html: deleted ? '' : r.html,
    createdAt: r.created_at.toISOString(),
    editedAt: r.edited_at?.toISOString() ?? null,
    deletedAt: r.deleted_at?.toISOString() ?? null,
  };
}

@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One page of top-level comments, oldest first, without those of people the viewer blocked, and
   * then the first replies of each (one grouped query, not one per comment). Both walk indexes whose
   * order is the ORDER BY (story_comments_top_idx, story_comments_replies_idx), so a story with
   * 100,000 comments answers its first page as fast as one with ten.
   */
  async pageForStory(viewerId: string | null, storyId: string, limit: number, after?: CursorPosition): Promise<CommentRow[]> {
    const { text, params } = commentPageQuery(viewerId, storyId, limit, after);
    const rows: CommentRow[] = await this.db.query(prepared(text), params);
    return firstRows(rows, limit);
  }

  /**
   * The first replies (oldest first) under each of the given comments. A named statement: for a
   * full page of comments Postgres keeps one generic plan (it costs the plans made for fifty ids
   * above the generic one's guess), where unnamed it parsed and planned the statement on every
   * page. For a page of a few comments it still plans each call, as before.
   */
  async repliesTo(viewerId: string | null, parentIds: string[]): Promise<CommentRow[]> {
    if (parentIds.length === 0) return [];
    return this.db.query(prepared(COMMENT_REPLIES), [viewerId, parentIds]);
  }

  async meta(id: string) {
    const rows = await this.db.query(`SELECT id, story_id, author_id, reply_to_id, deleted_at FROM story_comments WHERE id = $1`, [id]);
    return (rows[0] ?? null) as { id: string; story_id: string; author_id: string | null; reply_to_id: string | null; deleted_at: Date | null } | null;
  }

  async insert(storyId: string, authorId: string, replyToId: string | null, content: unknown, html: string): Promise<StoryComment> {
    const [{ id }] = await this.db.query(
      `INSERT INTO story_comments (story_id, author_id, reply_to_id, content, html) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [storyId, authorId, replyToId, JSON.stringify(content), html],
    );
    return (await this.byId(id))!;
  }

  async byId(id: string): Promise<StoryComment | null> {
    const rows: CommentRow[] = await this.db.query(
      `${COMMENT_SELECT} WHERE c.id = $1`,
      [id],
    );
    return rows[0] ? toComment(rows[0]) : null;
  }

  async update(id: string, content: unknown, html: string): Promise<void> {
    await this.db.query(`UPDATE story_comments SET content = $2, html = $3, edited_at = now() WHERE id = $1`, [id, JSON.stringify(content), html]);
  }

  async softDelete(id: string): Promise<void> {
    await this.db.query(`UPDATE story_comments SET deleted_at = now() WHERE id = $1`, [id]);
  }
}
