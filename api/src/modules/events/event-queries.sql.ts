/*
 * The SQL that reads events for a calendar window, with no database or Nest dependency, so the
 * query-plan test (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly the text the API runs.
 * `$1` is the viewer (or null), `$2` and `$3` the window's bounds.
 */
import { eventVisibleSql } from './events.policy.js';

export const EVENT_SELECT = `
  SELECT e.*, (SELECT m.role FROM space_members m WHERE m.space_id = e.space_id AND m.user_id = $1::uuid) AS viewer_space_role,
         o.name AS organization_name, o.slug AS organization_slug, o.verified_at IS NOT NULL AS organization_verified,
         (SELECT om.role FROM organization_members om WHERE om.organization_id = e.organization_id AND om.user_id = $1::uuid) AS viewer_org_role
    FROM events e LEFT JOIN organizations o ON o.id = e.organization_id`;

/** Events a viewer may see: the policy's predicate (search asks the same one). */
export const VISIBLE = eventVisibleSql();

/**
 * Events that may have an occurrence in the window [$2, $3), each part found by its own index (an
 * OR across them read every event ever made, 100,000 in the lists bench, per request): series
 * begun before the window ends (events_series_idx) and occurrences moved into it
 * (event_exceptions_moved_idx); with `oneOffs`, one-off events overlapping it (events_running_idx;
 * `ends_at > starts_at` is a check, so the ranges are never empty).
 */
const inWindow = (oneOffs: boolean) => `e.id IN (
    ${oneOffs ? `SELECT w.id FROM events w WHERE w.rrule IS NULL AND tstzrange(w.starts_at, w.ends_at) && tstzrange($2::timestamptz, $3::timestamptz) UNION ALL` : ''}
    SELECT w.id FROM events w WHERE w.rrule IS NOT NULL AND w.starts_at < $3
    UNION ALL SELECT x.event_id FROM event_exceptions x WHERE x.kind = 'moved' AND x.starts_at < $3 AND x.ends_at > $2)`;
export const IN_WINDOW = inWindow(true);
export const SERIES_IN_WINDOW = inWindow(false);

/** Every event a viewer may see with an occurrence in the window, soonest first; `filters` are more conditions on `e`. */
export const windowCandidatesSql = (filters: string[] = []) => `${EVENT_SELECT} WHERE ${[VISIBLE, IN_WINDOW, ...filters].join(' AND ')} ORDER BY e.starts_at`;

/** The RSVP counts of each date of the events `r` is restricted to. */
export const RSVP_COUNT_COLUMNS = `count(*) FILTER (WHERE r.status = 'going')::int AS going, count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted`;

/** For an answer `r`: its place on the waitlist of its date, or null when it is not waiting. */
export const WAITLIST_POSITION = `CASE WHEN r.status = 'waitlisted' THEN (
    SELECT count(*)::int FROM event_rsvps w WHERE w.event_id = r.event_id AND w.occurrence = r.occurrence
       AND w.status = 'waitlisted' AND (w.updated_at, w.user_id) <= (r.updated_at, r.user_id)) END`;

/**
 * A timestamp as ISO text in UTC, to the millisecond as the driver reads one. JSON would write it
 * in the connection's zone, whose offset is not always one JS can read (Helsinki's before 1921 was
 * +01:39:49).
 */
const utcText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The window's events as windowCandidatesSql finds them, each with what the list shows of its
 * dates, as JSON arrays: its exceptions, its RSVP counts per date, and the viewer's own answers
 * with their place on a waitlist. One statement instead of four: on the events page a statement's
 * round trip (its writes to Postgres's socket) cost the API more than reading its rows.
 */
export const windowWithDatesSql = (filters: string[] = []) => `WITH c AS MATERIALIZED (${windowCandidatesSql(filters)})
  SELECT c.*,
         (SELECT json_agg(json_build_object('occurrence', ${utcText('x.occurrence')}, 'kind', x.kind, 'starts_at', ${utcText('x.starts_at')}, 'ends_at', ${utcText('x.ends_at')}, 'message', x.message))
            FROM event_exceptions x WHERE x.event_id = c.id) AS dates_exceptions,
         (SELECT json_agg(json_build_object('occurrence', ${utcText('k.occurrence')}, 'going', k.going, 'waitlisted', k.waitlisted))
            FROM (SELECT r.occurrence, ${RSVP_COUNT_COLUMNS} FROM event_rsvps r WHERE r.event_id = c.id GROUP BY r.occurrence) k) AS dates_counts,
         (SELECT json_agg(json_build_object('occurrence', ${utcText('r.occurrence')}, 'status', r.status, 'position', ${WAITLIST_POSITION}))
            FROM event_rsvps r WHERE r.event_id = c.id AND r.user_id = $1::uuid) AS dates_mine
    FROM c ORDER BY c.starts_at`;
