import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CONTENT_FREE_CATEGORIES } from '@sorstars/shared';
import { prepared } from '../../core/database/prepared.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';
import { GenericPlans } from '../../core/database/generic-plans.js';
import { LEASED_WITH_RULES, UNREAD_COUNTS } from './notification-queries.sql.js';
import { notificationReadableSql, notificationUnreadSql } from './notification-rights.sql.js';

type Queryable = Pick<EntityManager, 'query'>;

/** Rolls back a conversation's claim whose push another process already ended. */
class NothingToSend extends Error {}

/** What a notification names, so it can be checked against the recipient's rights later. */
export interface NotificationSubject {
  spaceId: string | null;
  subjectType?: 'message' | 'story' | 'event' | null;
  subjectId?: string | null;
}

export interface NewNotifications {
  userIds: string[];
  kind: string;
  category: string | null;
  data: Record<string, unknown>;
  /** Unique per recipient: the same key never makes a second row. */
  dedupeKey: string | null;
  subject: NotificationSubject;
  /** Pushes with the same key (a conversation) are batched into one. */
  batchKey: string | null;
  pushDelayMs: number;
  /** How long an e-mail waits (so news read meanwhile is not mailed); null where e-mail is off. */
  emailDelayMs: number | null;
}

export type DeliveryChannel = 'in_app' | 'push' | 'email';
/** The channels sent outside the app, one per conversation per window. */
export type OutsideChannel = Exclude<DeliveryChannel, 'in_app'>;

export interface LeasedDelivery {
  id: string;
  channel: DeliveryChannel;
  batch_key: string | null;
  user_id: string;
  notification_id: string;
  kind: string;
  category: string | null;
  data: Record<string, unknown>;
  space_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  created_at: Date;
  readable: boolean;
  unread: boolean;
  active: boolean;
  quiet_until: Date | null;
  locale: string | null;
  previews: boolean;
  timezone: string | null;
  preview_text: string | null;
  /** For an e-mail only: the confirmed, working address (null when there is none now). */
  email_address: string | null;
  email_nonce: string | null;
  /** For an e-mail only: whether the person still keeps e-mail on for this category. */
  email_on: boolean;
}

/** A channel is on unless the person switched it off for the category; rows without a category follow the space level alone. */
const channelOn = (channel: 'inApp' | 'push') =>
  `coalesce((SELECT (p.channels -> $5::text ->> '${channel}')::boolean FROM notification_preferences p WHERE p.user_id = n.user_id), true)`;

/** E-mail is off unless the person turned it on for the category, and only to a confirmed address that works. */
const EMAIL_WANTED = `$5::text IS NOT NULL
  AND coalesce((SELECT (p.channels -> $5::text ->> 'email')::boolean FROM notification_preferences p WHERE p.user_id = n.user_id), false)
  AND EXISTS (SELECT 1 FROM notification_emails e WHERE e.user_id = n.user_id AND e.verified_at IS NOT NULL AND e.failing_at IS NULL)`;

/** The conversation slot of a channel: push keeps the bare key (as before e-mail came), others are prefixed. */
export const slotKey = (channel: OutsideChannel, batchKey: string) => (channel === 'push' ? batchKey : `${channel}:${batchKey}`);

/** Lease long enough for a push service's answer; a process killed mid-send leaves it to another after this. */
const LEASE = `make_interval(secs => ${Number(process.env.NOTIFY_LEASE_SECONDS) || 60})`;

const LEASE_DUE = prepared(
  `WITH leased AS (
     UPDATE notification_deliveries SET leased_until = now() + ${LEASE}, attempts = attempts + 1
      WHERE id IN (SELECT id FROM notification_deliveries
                    WHERE status = 'pending' AND available_at <= now() AND (leased_until IS NULL OR leased_until < now())
                    ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id)
   SELECT id FROM leased`,
);

/**
 * `insert`'s statement, named (core/database/prepared.ts): it runs for every mention, reply and
 * followed message, and Postgres took 0.5 ms to plan it on every call, about what it took to run
 * (chat-rooms with 30 % of sends mentioning someone; docs/benchmarks.md, 7 December 2026).
 */
const INSERT_NOTIFICATIONS = prepared(
  `WITH n AS (
     INSERT INTO notifications (user_id, kind, data, dedupe_key, subject_type, subject_id, space_id, category)
     SELECT r.user_id, $2, $3::jsonb, $4, $6, $7::uuid, $8::uuid, $5
       FROM unnest($1::uuid[]) AS r(user_id)
      WHERE $8::uuid IS NULL OR ${spaceReaderSql('r.user_id', '$8::uuid')}
     ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
     RETURNING id, user_id, created_at
   ), d AS (
     INSERT INTO notification_deliveries (notification_id, user_id, channel, batch_key, available_at)
     SELECT n.id, n.user_id, 'in_app', NULL, now() FROM n WHERE ${channelOn('inApp')}
     UNION ALL
     SELECT n.id, n.user_id, 'push', $9, now() + make_interval(secs => $10::double precision / 1000) FROM n WHERE ${channelOn('push')}
     UNION ALL
     SELECT n.id, n.user_id, 'email', $9, now() + make_interval(secs => $11::double precision / 1000) FROM n WHERE $11::double precision IS NOT NULL AND ${EMAIL_WANTED}
     RETURNING 1
   )
   SELECT n.id, n.user_id, n.created_at FROM n`,
);

@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectDataSource() readonly db: DataSource,
    private readonly generic: GenericPlans,
  ) {}

  /**
   * Writes the rows and their deliveries in one statement, for one person or a thousand: only for
   * people who may read the space now, once per dedupe key. Answers the new rows.
   */
  async insert(m: Queryable, x: NewNotifications): Promise<{ id: string; user_id: string; created_at: Date }[]> {
    return m.query(
      INSERT_NOTIFICATIONS,
      [
        x.userIds,
        x.kind,
        JSON.stringify(x.data),
        x.dedupeKey,
        x.category,
        x.subject.subjectType ?? null,
        x.subject.subjectId ?? null,
        x.subject.spaceId,
        x.batchKey,
        x.pushDelayMs,
        x.emailDelayMs,
      ],
    );
  }

  /**
   * Leases due deliveries (FOR UPDATE SKIP LOCKED, so processes never take the same one) and reads
   * them with everything the rules need, checked at this moment: may the recipient still read it,
   * is it still unread, were they active in the last two minutes, are they in quiet hours.
   */
  async lease(limit: number): Promise<LeasedDelivery[]> {
    // Named: every API process runs this about once a second, even when idle.
    const ids: { id: string }[] = await this.db.query(LEASE_DUE, [limit]);
    if (!ids.length) return [];
    return this.generic.query(LEASED_WITH_RULES, [ids.map((r) => r.id), CONTENT_FREE_CATEGORIES]);
  }

  /** Ends deliveries this process still holds; one that another process took over is left alone. */
  async settle(ids: string[], status: 'sent' | 'cancelled' | 'skipped' | 'batched', reason: string | null): Promise<number> {
    return (await this.settleIds(ids, status, reason)).size;
  }

  /** Like settle, answering which of them this call ended (one statement for a whole batch). */
  async settleIds(ids: string[], status: 'sent' | 'cancelled' | 'skipped' | 'batched', reason: string | null): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `WITH s AS (UPDATE notification_deliveries SET status = $2, reason = $3, settled_at = now(), leased_until = NULL
                   WHERE id = ANY($1::bigint[]) AND status = 'pending' RETURNING id) SELECT id::text FROM s`,
      [ids, status, reason],
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  /** Not yet: back in the queue at `at`, without counting as a failed attempt. */
  async postpone(ids: string[], at: Date): Promise<void> {
    await this.db.query(`UPDATE notification_deliveries SET available_at = $2, leased_until = NULL WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [ids, at]);
  }

  /**
   * One push for a conversation, decided in one transaction: take the conversation's slot unless a
   * push went out for it within the window, and with it every pending push of that conversation
   * the person may still read and has not read — leased by another process or not. (Taking only
   * the unleased ones let a second process, holding part of the same conversation at that moment,
   * fail its claim and push its part as an extra push a window later.) `firstId` is the one sent;
   * when someone else ended it meanwhile, nothing is claimed. Answers how many messages it stands for.
   */
  async claimConversation(
    channel: OutsideChannel,
    userId: string,
    batchKey: string,
    firstId: string,
    windowMs: number,
  ): Promise<{ claimed: true; count: number } | { claimed: false }> {
    return this.db.transaction(async (m) => {
      const claimed = await m.query(
        `INSERT INTO push_conversation_sends (user_id, batch_key, last_sent_at) VALUES ($1, $2, now())
         ON CONFLICT (user_id, batch_key) DO UPDATE SET last_sent_at = now()
          WHERE push_conversation_sends.last_sent_at <= now() - make_interval(secs => $3::double precision / 1000)
         RETURNING 1`,
        [userId, slotKey(channel, batchKey), windowMs],
      );
      if (!claimed.length) return { claimed: false as const };
      const taken: { id: string }[] = await m.query(
        `WITH t AS (
           UPDATE notification_deliveries d SET status = CASE WHEN d.id = $3 THEN 'sent' ELSE 'batched' END, settled_at = now(), leased_until = NULL
             FROM notifications n
            WHERE n.id = d.notification_id AND d.user_id = $1 AND d.batch_key = $2 AND d.channel = $4 AND d.status = 'pending'
              AND (d.id = $3 OR (${notificationReadableSql('n')} AND ${notificationUnreadSql('n')}))
           RETURNING d.id)
         SELECT id::text FROM t`,
        [userId, batchKey, firstId, channel],
      );
      if (!taken.some((t) => t.id === String(firstId))) throw new NothingToSend();
      return { claimed: true as const, count: taken.length };
    }).catch((err: unknown) => {
      if (err instanceof NothingToSend) return { claimed: false as const };
      throw err;
    });
  }

  /** Back in the queue when the conversation's window ends (computed in the database, to the microsecond the claim compares). */
  async postponeToWindowEnd(ids: string[], userId: string, key: string, windowMs: number): Promise<void> {
    await this.db.query(
      `UPDATE notification_deliveries SET leased_until = NULL,
              available_at = greatest(now(), coalesce((SELECT last_sent_at FROM push_conversation_sends WHERE user_id = $2 AND batch_key = $3), now())
                                             + make_interval(secs => $4::double precision / 1000))
        WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
      [ids, userId, key, windowMs],
    );
  }

  /** The unread count each person's `notification:new` carries: the same count as the header's. */
  async unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    const rows = await this.generic.query<{ user_id: string; n: number }>(UNREAD_COUNTS, [userIds]);
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }

  /** Pending deliveries about something that is gone end at once (the check before sending would stop them anyway). */
  async cancelAbout(subjectType: string, subjectId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_deliveries d SET status = 'cancelled', reason = $3, settled_at = now(), leased_until = NULL
        FROM notifications n WHERE n.id = d.notification_id AND n.subject_type = $1 AND n.subject_id = $2 AND d.status = 'pending'`,
      [subjectType, subjectId, reason],
    );
  }

  /** Settled deliveries are kept a week (to see that nothing went twice), then forgotten. */
  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM notification_deliveries WHERE status <> 'pending' AND settled_at < now() - interval '7 days'`);
  }

  async touchActivity(userIds: string[]): Promise<void> {
    await this.db.query(
      `INSERT INTO user_activity (user_id, last_active_at) SELECT id, now() FROM unnest($1::uuid[]) AS u(id) WHERE EXISTS (SELECT 1 FROM users WHERE users.id = u.id AND users.status <> 'deleted')
       ON CONFLICT (user_id) DO UPDATE SET last_active_at = now()`,
      [userIds],
    );
  }
}
