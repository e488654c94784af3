/*
 * The notification reads, as plain SQL text, so the query-plan test
 * (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly what the API runs. Every list and count of
 * notifications (these, the home page's, the live event's) filters through notificationReadableSql.
 */
import { messageReadableSql } from '../chat/chat.policy.js';
import { notificationReadableSql, notificationUnreadSql } from './notification-rights.sql.js';
import { pageLimit } from '../../core/database/page-limit.js';

/** A person's notifications that they may still read; `user` is a SQL expression for their id. */
export const readableNotificationsOfSql = (user: string) => `n.user_id = ${user} AND ${notificationReadableSql('n')}`;

/**
 * Unread notifications are counted up to this many ("99+" is all a badge shows): every page's frame
 * asks for the count, and counting them all cost half a second for someone with 100,000 unread
 * (lists bench), on each page they opened.
 */
export const NOTIFICATION_UNREAD_CAP = 100;

/** How many of `user`'s notifications are unread and still theirs to read (at most the cap), as a scalar subquery. */
export const unreadNotificationCountSql = (user: string) =>
  `(SELECT count(*)::int FROM (SELECT 1 FROM notifications n WHERE ${readableNotificationsOfSql(user)} AND n.read_at IS NULL
      LIMIT ${NOTIFICATION_UNREAD_CAP}) unread)`;

/**
 * A person's newest notifications that they may still read, `$1` the person: all of them or only
 * unread ones, from the newest or after a cursor (created_at and id of the last one shown). Each of
 * the four shapes is a statement of its own, so it can be a prepared statement whose one plan seeks
 * the index (a catch-all such as `$4 IS NULL OR ...` would be planned on every call). It reads up
 * to `pageLimit(limit)` notifications (core/database/page-limit.ts): keep the first `limit`.
 */
export function notificationListQuery(userId: string, f: { limit: number; unread: boolean; after: { createdAt: string; id: string } | null }): { text: string; params: unknown[] } {
  const params: unknown[] = [userId];
  const where = [readableNotificationsOfSql('$1')];
  if (f.unread) where.push('n.read_at IS NULL');
  if (f.after) where.push(`(n.created_at, n.id) < ($${params.push(f.after.createdAt)}::timestamptz, $${params.push(f.after.id)}::uuid)`);
  return {
    text: `SELECT n.id, n.kind, n.data, n.created_at, n.read_at FROM notifications n
            WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${pageLimit(f.limit)}`,
    params,
  };
}

/** How many of a person's notifications are unread (and still theirs to read): $1 the person. */
export const UNREAD_NOTIFICATION_COUNT = `SELECT ${unreadNotificationCountSql('$1')} AS n`;

/**
 * When the recipient's quiet hours end, if they are in them now (null otherwise): from/to are
 * wall-clock times in their zone (their preference, else UTC); a span
 * like 22:00–08:00 runs over midnight. Quiet hours are on by default.
 */
const QUIET_UNTIL = `(SELECT CASE
    WHEN NOT coalesce(p.quiet_enabled, true) THEN NULL
    ELSE (WITH z AS (SELECT coalesce(p.timezone, 'UTC') AS tz),
               l AS (SELECT (now() AT TIME ZONE (SELECT tz FROM z)) AS local_now,
                            coalesce(p.quiet_from, '22:00')::time AS f, coalesce(p.quiet_to, '08:00')::time AS t)
          SELECT CASE
            WHEN l.f = l.t THEN NULL
            WHEN l.f < l.t AND l.local_now::time >= l.f AND l.local_now::time < l.t
              THEN (l.local_now::date + l.t) AT TIME ZONE (SELECT tz FROM z)
            WHEN l.f > l.t AND l.local_now::time >= l.f
              THEN (l.local_now::date + 1 + l.t) AT TIME ZONE (SELECT tz FROM z)
            WHEN l.f > l.t AND l.local_now::time < l.t
              THEN (l.local_now::date + l.t) AT TIME ZONE (SELECT tz FROM z)
            ELSE NULL END
          FROM l)
  END)`;

/**
 * Deliveries `$1` (their ids), with everything the delivery rules need, read at this moment: may
 * the recipient still read it, is it still unread, were they active in the last two minutes, are
 * they in quiet hours. `$2`: the categories whose push and e-mail never show the words.
 */
export const LEASED_WITH_RULES = `SELECT d.id, d.channel, d.batch_key, d.user_id, n.id AS notification_id, n.kind, n.category, n.data, n.space_id,
        n.subject_type, n.subject_id, n.created_at,
        ${notificationReadableSql('n')} AS readable,
        ${notificationUnreadSql('n')} AS unread,
        coalesce(ua.last_active_at > now() - interval '2 minutes', false) AS active,
        ${QUIET_UNTIL} AS quiet_until,
        u.locale, coalesce(p.previews, false) AS previews, p.timezone,
        -- Read only for a push or an e-mail, for someone who turned previews on, never for the private categories.
        CASE WHEN d.channel IN ('push', 'email') AND coalesce(p.previews, false) AND n.subject_type = 'message'
                  AND coalesce(n.category, '') <> ALL ($2::text[])
             THEN (SELECT left(g.body, 200) FROM messages g WHERE g.id = n.subject_id) END AS preview_text,
        CASE WHEN d.channel = 'email' AND e.verified_at IS NOT NULL AND e.failing_at IS NULL THEN e.address END AS email_address,
        CASE WHEN d.channel = 'email' THEN e.link_nonce END AS email_nonce,
        d.channel = 'email' AND coalesce((p.channels -> n.category ->> 'email')::boolean, false) AS email_on
   FROM notification_deliveries d
   JOIN notifications n ON n.id = d.notification_id
   JOIN users u ON u.id = d.user_id
   LEFT JOIN user_activity ua ON ua.user_id = d.user_id
   LEFT JOIN notification_preferences p ON p.user_id = d.user_id
   LEFT JOIN notification_emails e ON e.user_id = d.user_id AND d.channel = 'email'
  WHERE d.id = ANY($1::bigint[])
  ORDER BY d.id`;

/** The unread count of each person in `$1`, as the header counts it. */
export const UNREAD_COUNTS = `SELECT u.id AS user_id, ${unreadNotificationCountSql('u.id')} AS n FROM unnest($1::uuid[]) AS u(id)`;

/**
 * A chat message (`$1`, visible, not in a direct conversation: a conversation tells of its
 * messages itself) with everyone who may read it now and is to hear of it; `$2`: an edit, which
 * tells only the newly mentioned. No rows: nothing to tell anyone. Who is to hear is decided here,
 * not in JS: in a space of 500 most hear nothing of a message, and a row for each of them cost the
 * API ~2 ms of CPU per message (2.2 ms for 499 rows, 0.09 ms for none).
 */
export const MESSAGE_RECIPIENTS = `SELECT * FROM (SELECT sm.user_id,
        EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.message_id = g.id AND mm.user_id = sm.user_id) AS mentioned,
        coalesce((SELECT r.author_id = sm.user_id FROM messages r WHERE r.id = g.reply_to_id), false) AS replied,
        coalesce(l.level, 'mentions') AS level,
        g.space_id, s.name AS space_name, s.slug AS space_slug, g.author_id,
        (SELECT coalesce(u.display_name, u.username) FROM users u WHERE u.id = g.author_id) AS author_name
   FROM messages g
   JOIN spaces s ON s.id = g.space_id AND s.kind <> 'direct'
   JOIN space_members sm ON sm.space_id = g.space_id
   LEFT JOIN notification_space_levels l ON l.user_id = sm.user_id AND l.space_id = g.space_id
  WHERE g.id = $1 AND g.deleted_at IS NULL AND g.moderation_state = 'visible'
    AND sm.user_id IS DISTINCT FROM g.author_id AND ${messageReadableSql('g', 'sm.user_id')}) r
  WHERE r.level <> 'none' AND (r.mentioned OR r.replied OR (r.level = 'all' AND NOT $2::boolean))`;
