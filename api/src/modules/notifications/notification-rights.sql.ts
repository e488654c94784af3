import { messageReadableSql } from '../chat/chat.policy.js';
import { eventVisibleSql } from '../events/events.policy.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';
import { storyReadableSql } from '../stories/stories.policy.js';

/**
 * Whether notification `n` may still reach its recipient: what it names still exists and the
 * recipient may read it now. The same predicates as history, search and lists (no third copy), so
 * a deleted or moderated message, a story made private or someone removed from a space cancels a
 * pending delivery and drops out of the list alike. News about the person themself (moderation of
 * what they posted) names no subject and is always theirs.
 */
export const notificationReadableSql = (n = 'n') => `(CASE ${n}.subject_type
    WHEN 'message' THEN EXISTS (SELECT 1 FROM messages g WHERE g.id = ${n}.subject_id AND ${messageReadableSql('g', `${n}.user_id`)})
    WHEN 'story' THEN EXISTS (SELECT 1 FROM stories s WHERE s.id = ${n}.subject_id AND ${storyReadableSql('s', `${n}.user_id`)})
    WHEN 'event' THEN EXISTS (SELECT 1 FROM events e WHERE e.id = ${n}.subject_id AND ${eventVisibleSql('e', `${n}.user_id`)})
    ELSE (${n}.space_id IS NULL OR ${spaceReaderSql(`${n}.user_id`, `${n}.space_id`)})
  END)`;

/** Still news: not marked read, and for a message, not yet read in the conversation itself. */
export const notificationUnreadSql = (n = 'n') => `(${n}.read_at IS NULL AND (${n}.subject_type IS DISTINCT FROM 'message' OR EXISTS (
    SELECT 1 FROM messages g JOIN space_members sm ON sm.space_id = g.space_id AND sm.user_id = ${n}.user_id
     WHERE g.id = ${n}.subject_id AND g.seq > sm.last_read_seq)))`;
