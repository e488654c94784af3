import type { Locale, StoryTopic } from "@sorstars/shared";
import { displayNameImitatesSql } from "../accounts/name-lookalike.policy.js";
import { storyReadableSql } from "./stories.policy.js";
import { pageLimit } from "../../core/database/page-limit.js";

/*
 * The SQL of the stories list, as a pure function with no database or Nest dependency, so the
 * query-plan test (test/api/query-plans.e2e-spec.ts) EXPLAINs exactly the text the API runs.
 */

/**
 * How many comments viewer `$1` sees under story `s`: those not deleted and not by someone they
 * blocked. The kept count (story_comment_counts, CountStoryComments) less the comments of each
 * person they blocked, found by author. Whether they blocked anyone is asked once per statement
 * (it names no story), so for a visitor or someone who blocked nobody a page of stories costs the
 * same however many comments they have.
 */
export const COMMENT_COUNT = `greatest(0, coalesce((SELECT k.n FROM story_comment_counts k WHERE k.story_id = s.id), 0)
          - CASE WHEN EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = $1::uuid)
                 THEN (SELECT count(*)::int FROM user_blocks b JOIN story_comments c ON c.author_id = b.blocked_id
                        WHERE b.blocker_id = $1::uuid AND c.story_id = s.id AND c.deleted_at IS NULL)
                 ELSE 0 END)`;

/** A story with what one viewer needs to see it, but its comment count; `$1` is the viewer (or null for a visitor). */
export const STORY_COLUMNS = `
  SELECT s.*, a.username AS author_username, a.display_name AS author_display_name,
         ${displayNameImitatesSql('a')} AS author_name_lookalike,
         (SELECT m.role FROM space_members m WHERE m.space_id = s.space_id AND m.user_id = $1::uuid) AS viewer_space_role,
         EXISTS (SELECT 1 FROM story_reveals r WHERE r.story_id = s.id AND r.user_id = $1::uuid) AS viewer_revealed,
         coalesce((SELECT json_agg(json_build_object('kind', x.kind, 'count', x.n, 'mine', x.mine) ORDER BY x.kind)
                     FROM (SELECT kind, count(*)::int AS n, bool_or(user_id = $1::uuid) AS mine
                             FROM story_reactions WHERE story_id = s.id GROUP BY kind) x), '[]') AS reactions`;
export const STORY_FROM = `FROM stories s LEFT JOIN users a ON a.id = s.author_id`;

/**
 * When a story was listed (published, or created for a draft), to the millisecond like the cursor
 * (a JS Date: ordering by microseconds would skip rows sharing the cursor's millisecond), in UTC so
 * the expression is immutable. It must stay exactly the expression of stories_listed_idx, so the
 * list walks that index instead of sorting the table.
 */
export const STORY_LISTED_AT = `date_trunc('milliseconds', coalesce(s.published_at, s.created_at) AT TIME ZONE 'UTC')`;

/** What a viewer may read: the stories policy's predicate (search asks the same one). */
export const READABLE = storyReadableSql();

export interface StoryListFilter {
  topic?: StoryTopic;
  language?: Locale;
  spaceId?: string;
  mine?: boolean;
  handbook?: boolean;
  /** Notes the viewer chose to hide: stories carrying any of them are left out (but their own). */
  hiddenNotes: string[];
  hideCustomNotes: boolean;
  limit: number;
  after?: { at: string; id: string };
}

/** The statement and parameters for one page of stories; `$1` is the viewer. */
export function storyListQuery(
  viewerId: string | null,
  f: StoryListFilter,
  knownNotes: readonly string[]
): { text: string; params: unknown[] } {
  const params: unknown[] = [viewerId];
  const where = [READABLE];
  const add = (value: unknown) => (params.push(value), `$${params.length}`);
  if (f.mine) where.push(`s.author_id = $1::uuid`);
  else where.push(`s.status = 'published'`);
  if (f.topic) where.push(`${add(f.topic)} = ANY(s.topics)`);
  if (f.language) where.push(`s.language = ${add(f.language)}`);
  if (f.spaceId) where.push(`s.space_id = ${add(f.spaceId)}`);
  if (f.handbook) where.push(`s.consent_handbook`);
  if (!f.mine && f.hiddenNotes.length)
    where.push(
      `(s.author_id = $1::uuid OR NOT (s.content_warnings && ${add(
        f.hiddenNotes
      )}::text[]))`
    );
  if (!f.mine && f.hideCustomNotes) {
    where.push(
      `(s.author_id = $1::uuid OR NOT EXISTS (SELECT 1 FROM unnest(s.content_warnings) w WHERE NOT (w = ANY(${add(
        knownNotes
      )}::text[]))))`
    );
  }
  const at = STORY_LISTED_AT;
  if (f.after)
    where.push(
      `(${at}, s.id) < (${add(
        f.after.at
      )}::timestamptz AT TIME ZONE 'UTC', ${add(f.after.id)}::uuid)`
    );
  return {
    text: `${STORY_COLUMNS}, ${COMMENT_COUNT} AS comment_count, ${at} AS listed_at ${STORY_FROM}
            WHERE ${where.join(" AND ")} ORDER BY ${at} DESC, s.id DESC LIMIT ${pageLimit(f.limit)}`,
    params,
  };
}
