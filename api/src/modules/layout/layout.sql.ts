/*
 * The page frame's extras in one statement, as plain SQL text so the query-plan test can EXPLAIN
 * exactly what the API runs.
 */
import { ACTIVE_BANNER } from '../moderation/banner.sql.js';
import { unreadNotificationCountSql } from '../notifications/notification-queries.sql.js';

/**
 * Every page asks for these, so they are one round trip, not two: for `person` (SQL: `$1` below, or
 * the session lookup's `signed_in.id` when they ride with it; null for a visitor, who has no
 * count), their unread count as GET /api/me/notifications/unread-count counts it, and the banner
 * showing now as GET /api/banner reads it (its columns null when there is none).
 */
export const layoutExtrasSql = (person: string) => `
  SELECT CASE WHEN ${person} IS NULL THEN 0 ELSE ${unreadNotificationCountSql(person)} END AS unread,
         b.id, b.message, b.url, b.starts_at, b.ends_at
    FROM (SELECT 1) frame LEFT JOIN LATERAL (${ACTIVE_BANNER}) b ON true`;

export const LAYOUT_EXTRAS = layoutExtrasSql('$1::uuid');
