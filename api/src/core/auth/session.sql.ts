/*
 * The session lookup's SQL, with no database or Nest dependency, so the query-plan test
 * (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly the text the API runs.
 */

/**
 * The person session hash `$1` signs in, if it still does; with `companion` (SQL giving one row for
 * the person `signed_in.id`), that row too, as JSON in `along`. Sliding expiry, written at most once
 * a minute per session to keep reads cheap.
 */
export const sessionUserSql = (companion?: string) => `WITH s AS (
         UPDATE sessions SET last_seen_at = now(), expires_at = now() + interval '30 days'
          WHERE id_hash = $1 AND expires_at > now()
            AND last_seen_at < now() - interval '1 minute'
       )
       SELECT signed_in.id, signed_in.username, signed_in.display_name, signed_in.locale, signed_in.roles, signed_in.created_at${
         companion ? `,\n              (SELECT to_jsonb(along) FROM (${companion}) along) AS along` : ''
       }
         FROM sessions s JOIN users signed_in ON signed_in.id = s.user_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND signed_in.status = 'active'`;
