/*
 * The page frame's extras in one statement, as plain SQL text so the query-plan test can EXPLAIN
 * exactly what the API runs.
 */
import { ACTIVE_BANNER } from '../moderation/banner.sql.js';
import { unreadNotificationCountSql } from '../notifications/notification-queries.sql.js';

/**
 * Every page asks for these, so they are one round trip, not two: `$1` the person (null for a
 * visitor, who has no count), their unread count as GET /api/me/notifications/unread-count counts
 * it, and the banner showing now as GET /api/banner reads it (its columns null when there is none).
 */
export const LAYOUT_EXTRAS = `
  SELECT CASE WHEN $1::uuid IS NULL THEN 0 ELSE ${unreadNotificationCountSql('$1::uuid')} END AS unread,
         b.id, b.message, b.url, b.starts_at, b.ends_at
    FROM (SELECT 1) frame LEFT JOIN LATERAL (${ACTIVE_BANNER}) b ON true`;
