import { messageReadableSql } from '../chat/chat.policy.js';
import { eventVisibleSql } from '../events/events.policy.js';
import { reportReviewerSql, safeguardingLeadSql } from '../moderation/moderation.policy.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';
import { storyReadableSql } from '../stories/stories.policy.js';

/** A uuid kept in a notification's data, or NULL when it holds none (or something that is not an id). */
const uuidIn = (json: string) => `CASE WHEN ${json} ~ '^[0-9a-fA-F-]{36}$' THEN (${json})::uuid END`;

/**
 * Whether notification `n` may still reach its recipient: what it names still exists and the
 * recipient may read it now. Every reader of the notifications table asks this one predicate —
 * the lists (/api/notifications, /api/me/notifications, the home page), every unread count (the
 * header, the home page, `notification:new`), the delivery worker before an in-app event or a
 * push, and the privacy export — so they cannot disagree. It is built from the same predicates as
 * history, search and the review queue (no third copy):
 * - reports: the recipient reviews them now (a demoted keeper, a lead who lost the role, no longer);
 * - a digest: at least one space it counts is still theirs (which ones are shown is decided again
 *   when it is put into words, NotificationsService.withDigestSpaces);
 * - a message, story or event (named as the subject, or an event by `data.eventId`): still there
 *   and readable by them (deleted, moderated, blocked author, space left or banned from);
 * - anything else about a space: they still belong to it. News about the person themself
 *   (moderation of what they posted, mentoring) names no space and is always theirs.
 */
export const notificationReadableSql = (n = 'n') => `(CASE
    WHEN ${n}.kind = 'safeguarding.report' THEN ${safeguardingLeadSql(`${n}.user_id`)}
    WHEN ${n}.kind = 'review.report' THEN ${reportReviewerSql(`${n}.user_id`, `${n}.space_id`)}
    WHEN ${n}.kind = 'digest.weekly' THEN EXISTS (
      SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${n}.data -> 'spaces') = 'array' THEN ${n}.data -> 'spaces' ELSE '[]'::jsonb END) ds(x)
       WHERE ${spaceReaderSql(`${n}.user_id`, uuidIn("ds.x ->> 'spaceId'"))})
    WHEN ${n}.subject_type = 'message' THEN EXISTS (SELECT 1 FROM messages g WHERE g.id = ${n}.subject_id AND ${messageReadableSql('g', `${n}.user_id`)})
    WHEN ${n}.subject_type = 'story' THEN EXISTS (SELECT 1 FROM stories s WHERE s.id = ${n}.subject_id AND ${storyReadableSql('s', `${n}.user_id`)})
    WHEN ${n}.subject_type = 'event' OR ${uuidIn(`${n}.data ->> 'eventId'`)} IS NOT NULL THEN EXISTS (
      SELECT 1 FROM events e WHERE e.id = coalesce(CASE WHEN ${n}.subject_type = 'event' THEN ${n}.subject_id END, ${uuidIn(`${n}.data ->> 'eventId'`)})
         AND ${eventVisibleSql('e', `${n}.user_id`)})
    ELSE (${n}.space_id IS NULL OR ${spaceReaderSql(`${n}.user_id`, `${n}.space_id`)})
  END)`;

/** Still news: not marked read, and for a message, not yet read in the conversation itself. */
export const notificationUnreadSql = (n = 'n') => `(${n}.read_at IS NULL AND (${n}.subject_type IS DISTINCT FROM 'message' OR EXISTS (
    SELECT 1 FROM messages g JOIN space_members sm ON sm.space_id = g.space_id AND sm.user_id = ${n}.user_id
     WHERE g.id = ${n}.subject_id AND g.seq > sm.last_read_seq)))`;
