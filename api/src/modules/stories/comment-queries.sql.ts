import { notBlockedSql } from '../accounts/blocks.policy.js';
import { displayNameImitatesSql } from '../accounts/name-lookalike.policy.js';
import { pageLimit } from '../../core/database/page-limit.js';

/*
 * The SQL of a story's comment pages, as pure text with no database or Nest dependency, so the
 * query-plan test (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly what the API runs.
 */

/** A comment with its author's public name; `$1` is the viewer. */
export const COMMENT_SELECT = `SELECT c.*, u.username, u.display_name, ${displayNameImitatesSql('u')} AS name_lookalike
    FROM story_comments c LEFT JOIN users u ON u.id = c.author_id`;

/**
 * When a comment was written, to the millisecond like its cursor (a JS Date), in UTC so the
 * expression is immutable: exactly the expression of the two comment indexes.
 */
export const CREATED_MS = `date_trunc('milliseconds', c.created_at AT TIME ZONE 'UTC')`;

/** Replies shown under one comment; a thread longer than this is cut (two levels, no deeper). */
export const REPLIES_PER_COMMENT = 100;

/**
 * One page of top-level comments, oldest first; `$1` is the viewer, `$2` the story. It reads up to
 * `pageLimit(limit)` comments (page-limit.ts): keep the first `limit` (`firstRows`).
 */
export function commentPageQuery(viewerId: string | null, storyId: string, limit: number, after?: { at: string; id: string }) {
  const params: unknown[] = [viewerId, storyId];
  const cursor = after
    ? `AND (${CREATED_MS}, c.id) > ($${params.push(after.at)}::timestamptz AT TIME ZONE 'UTC', $${params.push(after.id)}::uuid)`
    : '';
  return {
    text: `${COMMENT_SELECT}
        WHERE c.story_id = $2 AND c.reply_to_id IS NULL AND ${notBlockedSql('$1::uuid', 'c.author_id')} ${cursor}
        ORDER BY ${CREATED_MS}, c.id LIMIT ${pageLimit(limit)}`,
    params,
  };
}

/** The first replies under each comment of `$2` (an array of ids); `$1` is the viewer. */
export const COMMENT_REPLIES = `SELECT r.* FROM unnest($2::uuid[]) p(id)
  CROSS JOIN LATERAL (
    ${COMMENT_SELECT}
     WHERE c.reply_to_id = p.id AND ${notBlockedSql('$1::uuid', 'c.author_id')}
     ORDER BY ${CREATED_MS}, c.id LIMIT ${REPLIES_PER_COMMENT}) r`;
