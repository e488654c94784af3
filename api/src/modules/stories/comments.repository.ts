import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StoryComment } from '@sorstars/shared';
import { notBlockedSql } from '../accounts/blocks.policy.js';

interface CommentRow {
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

  /** Oldest first, without the comments of people the viewer blocked. */
  async forStory(viewerId: string | null, storyId: string): Promise<StoryComment[]> {
    const rows: CommentRow[] = await this.db.query(
      `SELECT c.*, u.username, u.display_name, display_name_imitates(u.id, u.display_name_skeleton) AS name_lookalike FROM story_comments c LEFT JOIN users u ON u.id = c.author_id
        WHERE c.story_id = $2
          AND ${notBlockedSql('$1::uuid', 'c.author_id')}
        ORDER BY c.created_at, c.id`,
      [viewerId, storyId],
    );
    return rows.map((r) => toComment(r, viewerId));
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
      `SELECT c.*, u.username, u.display_name, display_name_imitates(u.id, u.display_name_skeleton) AS name_lookalike FROM story_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = $1`,
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
