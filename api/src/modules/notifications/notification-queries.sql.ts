/*
 * The notification reads, as plain SQL text, so the query-plan test
 * (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly what the API runs. Every list and count of
 * notifications (these, the home page's, the live event's) filters through notificationReadableSql.
 */
import { notificationReadableSql } from './notification-rights.sql.js';

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
 * A person's newest notifications that they may still read: $1 the person, $2 how many, $3 only
 * unread ones, $4 the cursor (created_at, id of the last one shown) or null.
 */
export const NOTIFICATION_LIST = `SELECT n.id, n.kind, n.data, n.created_at, n.read_at FROM notifications n
  WHERE ${readableNotificationsOfSql('$1')} AND (NOT $3::boolean OR n.read_at IS NULL)
    AND ($4::timestamptz IS NULL OR (n.created_at, n.id) < ($4::timestamptz, $5::uuid))
  ORDER BY n.created_at DESC, n.id DESC LIMIT $2`;

/** How many of a person's notifications are unread (and still theirs to read): $1 the person. */
export const UNREAD_NOTIFICATION_COUNT = `SELECT ${unreadNotificationCountSql('$1')} AS n`;
