/*
 * The notification reads, as plain SQL text, so the query-plan test
 * (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly what the API runs.
 */
import { notificationReadableSql } from './notification-rights.sql.js';

/**
 * A person's newest notifications that they may still read: $1 the person, $2 how many, $3 only
 * unread ones, $4 the cursor (created_at, id of the last one shown) or null.
 */
export const NOTIFICATION_LIST = `SELECT n.id, n.kind, n.data, n.created_at, n.read_at FROM notifications n
  WHERE n.user_id = $1 AND (NOT $3::boolean OR n.read_at IS NULL)
    AND ($4::timestamptz IS NULL OR (n.created_at, n.id) < ($4::timestamptz, $5::uuid))
    AND ${notificationReadableSql('n')}
  ORDER BY n.created_at DESC, n.id DESC LIMIT $2`;

/** How many of a person's notifications are unread (and still theirs to read): $1 the person. */
export const UNREAD_NOTIFICATION_COUNT = `SELECT count(*)::int AS n FROM notifications n WHERE n.user_id = $1 AND n.read_at IS NULL AND ${notificationReadableSql('n')}`;
