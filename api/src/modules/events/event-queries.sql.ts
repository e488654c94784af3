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
