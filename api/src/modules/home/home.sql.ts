import { notBlockedSql } from '../accounts/blocks.policy.js';
import { eventVisibleSql } from '../events/events.policy.js';
import { storyReadableSql } from '../stories/stories.policy.js';
import { STORY_LISTED_AT } from '../stories/story-list.sql.js';
import { readableNotificationsOfSql, unreadNotificationCountSql } from '../notifications/notification-queries.sql.js';

/*
 * The home page's reads: one query per section, sent together as one statement (HOME), as plain SQL
 * text so the query-plan test can EXPLAIN exactly what the API runs. `$1` is always the person.
 * Every section filters with the policy files' predicates, so the home never shows more than the
 * lists, search and notifications would.
 */

/** How many of each a home shows: enough to act on, small enough for a phone screen. */
export const HOME_LIMITS = { spaces: 20, events: 5, stories: 6, notifications: 5 } as const;

/** Unread counts stop here, like the spaces list: "99+" is all a person needs. */
export const HOME_UNREAD_CAP = 100;

/**
 * The spaces the person belongs to now (a space left is no longer in space_members), newest
 * membership first, each with its unread messages: not their own, not deleted, not held or
 * removed, not by someone they blocked; counted up to the cap inside one statement. In seq order,
 * so the count walks the (space_id, seq) index from where they stopped reading and stops at the cap.
 */
export const HOME_SPACES = `
  SELECT s.id, s.slug, s.name, s.visibility, m.role, m.joined_at,
         (SELECT count(*)::int FROM (
            SELECT 1 FROM messages g
             WHERE g.space_id = s.id AND g.seq > m.last_read_seq AND g.deleted_at IS NULL
               AND g.moderation_state = 'visible' AND g.author_id IS DISTINCT FROM $1::uuid
               AND ${notBlockedSql('$1::uuid', 'g.author_id')}
             ORDER BY g.seq LIMIT ${HOME_UNREAD_CAP}) u) AS unread
    FROM space_members m JOIN spaces s ON s.id = m.space_id
   WHERE m.user_id = $1::uuid AND s.archived_at IS NULL
   ORDER BY m.joined_at DESC, s.id DESC
   LIMIT ${HOME_LIMITS.spaces}`;

/**
 * The next occurrences the person said they are going to. RSVPs are stored per occurrence (by its
 * original start) and found by event_rsvps_user_idx; a moved occurrence takes its new times (it may
 * have been moved far from the original, so the original start cannot bound the scan), a cancelled
 * one (or a cancelled event) is left out, and so is an event they may no longer see (a space left,
 * taken down by moderators). An occurrence is "next" until it ends.
 */
export const HOME_EVENTS = `
  SELECT e.id, e.title, e.timezone, e.all_day, e.location_name, r.occurrence,
         coalesce(x.starts_at, r.occurrence) AS starts_at,
         coalesce(x.ends_at, r.occurrence + (e.ends_at - e.starts_at)) AS ends_at,
         sp.slug AS space_slug, sp.name AS space_name
    FROM event_rsvps r
    JOIN events e ON e.id = r.event_id
    LEFT JOIN event_exceptions x ON x.event_id = r.event_id AND x.occurrence = r.occurrence
    LEFT JOIN spaces sp ON sp.id = e.space_id
   WHERE r.user_id = $1::uuid AND r.status = 'going'
     AND coalesce(x.ends_at, r.occurrence + (e.ends_at - e.starts_at)) > now()
     AND x.kind IS DISTINCT FROM 'cancelled' AND e.cancelled_at IS NULL
     AND ${eventVisibleSql('e', '$1::uuid')}
   ORDER BY 7, e.id
   LIMIT ${HOME_LIMITS.events}`;

/**
 * Stories to read. Sorstárs has no "follows" (nobody collects followers here), so "stories from
 * people and spaces you follow" means: stories shared with the spaces the person belongs to, and
 * the newest public and members-only stories — exactly what storyReadableSql lets them read,
 * published, not their own, and without a content note they chose to hide. Newest first along
 * stories_listed_idx. Anonymous stories never name their author here.
 */
export const HOME_STORIES = `
  SELECT s.id, s.title, s.visibility, s.language, s.content_warnings,
         CASE WHEN s.anonymous THEN NULL ELSE a.username END AS author_username,
         CASE WHEN s.anonymous THEN NULL ELSE a.display_name END AS author_display_name,
         s.anonymous, sp.slug AS space_slug, sp.name AS space_name,
         coalesce(s.published_at, s.created_at) AS published_at, ${STORY_LISTED_AT} AS listed_at
    FROM stories s
    LEFT JOIN users a ON a.id = s.author_id
    LEFT JOIN spaces sp ON sp.id = s.space_id
   WHERE ${storyReadableSql('s', '$1::uuid')} AND s.status = 'published' AND s.author_id IS DISTINCT FROM $1::uuid
     AND NOT EXISTS (SELECT 1 FROM content_note_preferences p
                      WHERE p.user_id = $1::uuid AND p.mode = 'hide' AND p.note = ANY(s.content_warnings))
   ORDER BY ${STORY_LISTED_AT} DESC, s.id DESC
   LIMIT ${HOME_LIMITS.stories}`;

/**
 * The newest notifications and how many are unread (the header's number), in one statement,
 * filtered like every other list of notifications (readableNotificationsOfSql): news about
 * something the person may no longer read (a space they left, a report they no longer review)
 * stays out of the home as it does everywhere.
 */
export const HOME_NOTIFICATIONS = `
  SELECT ${unreadNotificationCountSql('$1::uuid')} AS unread,
         coalesce((SELECT json_agg(json_build_object('id', l.id, 'kind', l.kind, 'data', l.data, 'createdAt', l.created_at, 'readAt', l.read_at)
                                   ORDER BY l.created_at DESC, l.id DESC)
                     FROM (SELECT n.id, n.kind, n.data, n.created_at, n.read_at FROM notifications n
                            WHERE ${readableNotificationsOfSql('$1::uuid')}
                            ORDER BY n.created_at DESC, n.id DESC LIMIT ${HOME_LIMITS.notifications}) l), '[]') AS items`;

/** The three first steps, done or not: belonging to a space, and the two recorded ones. */
export const HOME_FIRST_STEPS = `
  SELECT EXISTS (SELECT 1 FROM space_members m WHERE m.user_id = $1::uuid) AS joined_space,
         EXISTS (SELECT 1 FROM first_steps f WHERE f.user_id = $1::uuid AND f.step = 'content_notes') AS content_notes,
         EXISTS (SELECT 1 FROM first_steps f WHERE f.user_id = $1::uuid AND f.step = 'recovery_codes') AS recovery_codes`;

/**
 * The whole home in one statement and one row, so a home costs one round trip to Postgres instead
 * of five (each a write, a wake-up of the backend and a read back, which under load cost more than
 * the small queries themselves). Each list section comes as a JSON array, aggregated in its own
 * query's order (a few rows sorted again; the order of a subquery's rows alone is not a promise).
 * Times in the arrays arrive as ISO 8601 strings.
 */
export const HOME = `
  SELECT sp.items AS spaces, ev.items AS events, st.items AS stories,
         n.unread AS unread_notifications, n.items AS notifications,
         f.joined_space, f.content_notes, f.recovery_codes
    FROM (SELECT coalesce(json_agg(x ORDER BY x.joined_at DESC, x.id DESC), '[]') AS items FROM (${HOME_SPACES}) x) sp,
         (SELECT coalesce(json_agg(x ORDER BY x.starts_at, x.id), '[]') AS items FROM (${HOME_EVENTS}) x) ev,
         (SELECT coalesce(json_agg(x ORDER BY x.listed_at DESC, x.id DESC), '[]') AS items FROM (${HOME_STORIES}) x) st,
         (${HOME_NOTIFICATIONS}) n,
         (${HOME_FIRST_STEPS}) f`;

/** Records a step once; doing it again keeps the first time. `$2` is the step. */
export const RECORD_FIRST_STEP = `INSERT INTO first_steps (user_id, step) VALUES ($1, $2) ON CONFLICT (user_id, step) DO NOTHING`;
