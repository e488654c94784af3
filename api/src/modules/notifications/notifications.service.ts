import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RealtimeService } from '../../core/realtime/realtime.service.js';
import { returning } from '../../core/database/returning.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';

export interface AppNotification {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/**
 * In-app notifications. A `dedupeKey` makes one unique per person (e.g. a reminder for one
 * occurrence), so retries and restarts never tell anyone twice.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly realtime: RealtimeService,
  ) {}

  /**
   * Answers true when it was new (and so pushed live), false when it had been told already — or,
   * for news about a space (`about.spaceId`), when the person may not read that space at this
   * moment: whoever left or was removed hears nothing more of it, however old their RSVP or
   * subscription. The check is part of the insert, so it holds at the moment of sending.
   */
  async notify(
    userId: string,
    kind: string,
    data: Record<string, unknown>,
    dedupeKey: string | null = null,
    m: EntityManager = this.db.manager,
    about: { spaceId: string | null } = { spaceId: null },
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO notifications (user_id, kind, data, dedupe_key)
       SELECT $1, $2, $3, $4 WHERE $5::uuid IS NULL OR ${spaceReaderSql('$1', '$5::uuid')}
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, kind, data, created_at`,
      [userId, kind, JSON.stringify(data), dedupeKey, about.spaceId],
    );
    if (!rows[0]) return false;
    this.realtime.toUser(userId, 'notification:new', {
      notification: { id: rows[0].id, kind, data, createdAt: rows[0].created_at.toISOString(), readAt: null },
    });
    return true;
  }

  async list(userId: string, limit = 50): Promise<{ items: AppNotification[]; unread: number }> {
    const rows = await this.db.query(
      `SELECT id, kind, data, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [userId, limit],
    );
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return {
      items: rows.map((r: { id: string; kind: string; data: Record<string, unknown>; created_at: Date; read_at: Date | null }) => ({
        id: r.id,
        kind: r.kind,
        data: r.data,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      })),
      unread: n,
    };
  }

  async markRead(userId: string, ids: string[] | undefined): Promise<number> {
    const rows = await returning(
      this.db,
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) RETURNING id`,
      [userId, ids ?? null],
    );
    return rows.length;
  }
}
