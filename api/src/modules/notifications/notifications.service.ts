import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { categoryOf, type NotificationKind } from '@sorstars/shared';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { returning } from '../../core/database/returning.js';
import { DeliveryWorker } from './delivery.worker.js';
import { DigestRepository } from './digest.repository.js';
import { notificationListQuery, readableNotificationsOfSql, UNREAD_NOTIFICATION_COUNT } from './notification-queries.sql.js';
import { NotificationsRepository, type NotificationSubject } from './notifications.repository.js';
import { prepared } from '../../core/database/prepared.js';
import { firstRows } from '../../core/database/page-limit.js';

export interface AppNotification {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** A push waits this long first, so a message read or deleted at once is never pushed. */
export const PUSH_DELAY_MS = Number(process.env.NOTIFY_PUSH_DELAY_MS ?? 10_000);
/** An e-mail waits longer: whoever reads it in the app meanwhile gets none (the unread check at send time). */
export const EMAIL_DELAY_MS = Number(process.env.NOTIFY_EMAIL_DELAY_MS ?? 10 * 60_000);

export interface FanOut {
  kind: NotificationKind;
  data: Record<string, unknown>;
  dedupeKey: string | null;
  subject: NotificationSubject;
  /** Whether a chat message is in a direct conversation (its push then never carries words). */
  direct?: boolean;
  batchKey?: string | null;
}

/**
 * The one way anything notifies anyone: a row first (unique per person and `dedupeKey`, so
 * retries and restarts never tell anyone twice), with one delivery per channel the person keeps
 * on, in the same statement; the delivery worker sends them after checking again.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly worker: DeliveryWorker,
    private readonly digests: DigestRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Answers true when it was new, false when it had been told already — or, for news about a
   * space (`about.spaceId`), when the person may not read that space at this moment: whoever left
   * or was removed hears nothing more of it. The check is part of the insert.
   */
  async notify(
    userId: string,
    kind: NotificationKind,
    data: Record<string, unknown>,
    dedupeKey: string | null = null,
    m?: EntityManager,
    about: NotificationSubject = { spaceId: null },
  ): Promise<boolean> {
    return (await this.fanOut([userId], { kind, data, dedupeKey, subject: about }, m)) === 1;
  }

  /** The same news to many people in one statement (a thousand members cost one insert). Answers how many rows were new. */
  async fanOut(userIds: string[], x: FanOut, m?: EntityManager): Promise<number> {
    if (!userIds.length) return 0;
    const rows = await this.repo.insert(m ?? this.repo.db.manager, {
      userIds,
      kind: x.kind,
      category: categoryOf(x.kind, x.direct),
      data: x.data,
      dedupeKey: x.dedupeKey,
      subject: x.subject,
      batchKey: x.batchKey ?? null,
      pushDelayMs: PUSH_DELAY_MS,
      emailDelayMs: this.config.email ? EMAIL_DELAY_MS : null,
    });
    // Inside a caller's transaction the rows are not visible yet; the worker's timer finds them.
    if (rows.length && !m) this.worker.kick();
    return rows.length;
  }

  async list(userId: string, opts: { limit?: number; unread?: boolean; cursor?: { createdAt: string; id: string } | null } = {}) {
    const limit = opts.limit ?? 50;
    const { text, params } = notificationListQuery(userId, { limit: limit + 1, unread: opts.unread ?? false, after: opts.cursor ?? null });
    const rows: { id: string; kind: string; data: Record<string, unknown>; created_at: Date; read_at: Date | null }[] = firstRows(await this.repo.db.query(prepared(text), params), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: (await this.withDigestSpaces(userId, page)).map<AppNotification>((r) => ({
        id: r.id,
        kind: r.kind,
        data: r.data,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      })),
      unread: await this.unreadCount(userId),
      nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  }

  /**
   * A digest keeps space ids and counts; it is put into words when shown, with each space's name
   * now and only the spaces the reader may still read (someone removed since sees nothing of it).
   */
  async withDigestSpaces<T extends { kind: string; data: Record<string, unknown> }>(userId: string, items: T[]): Promise<T[]> {
    const digests = items.filter((r) => r.kind === 'digest.weekly');
    if (!digests.length) return items;
    const readable = await this.digests.readableSpaces(userId, [...new Set(digests.flatMap((r) => spacesOf(r.data).map((s) => s.spaceId)))]);
    return items.map((r) =>
      r.kind === 'digest.weekly'
        ? {
            ...r,
            data: {
              ...r.data,
              spaces: spacesOf(r.data).flatMap((s) => {
                const space = readable.get(s.spaceId);
                return space ? [{ spaceId: s.spaceId, name: space.name, slug: space.slug, messages: s.messages }] : [];
              }),
            },
          }
        : r,
    );
  }

  /** What the header shows on every page: just the number, without reading the list. */
  async unreadCount(userId: string): Promise<number> {
    const [{ n }] = await this.repo.db.query(prepared(UNREAD_NOTIFICATION_COUNT), [userId]);
    return n;
  }

  /** Only what the person may read now: the count answered is of notifications they can see, not of hidden ones. */
  async markRead(userId: string, ids: string[] | undefined): Promise<number> {
    const rows = await returning(
      this.repo.db,
      `UPDATE notifications n SET read_at = now()
        WHERE ${readableNotificationsOfSql('$1')} AND n.read_at IS NULL AND ($2::uuid[] IS NULL OR n.id = ANY($2::uuid[])) RETURNING n.id`,
      [userId, ids ?? null],
    );
    return rows.length;
  }
}

const spacesOf = (data: Record<string, unknown>) => (Array.isArray(data.spaces) ? (data.spaces as { spaceId: string; messages: number }[]) : []);

