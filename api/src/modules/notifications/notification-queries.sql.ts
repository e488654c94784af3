/*
 * The notification reads, as plain SQL text, so the query-plan test
 * (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly what the API runs.
 */

/** A person's newest notifications: $1 the person, $2 how many. */
export const NOTIFICATION_LIST = `SELECT id, kind, data, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`;

/** How many of a person's notifications are unread: $1 the person. */
export const UNREAD_NOTIFICATION_COUNT = `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`;
