import { fold } from './query-words.js';
import type { SearchRow } from './search-types.js';

/**
 * What Meilisearch stores per document: the text, and the fields every query's permission filter
 * needs (visibility, space, author, moderation state, status; for a comment, also its story's).
 * Who may read a document is never decided by the engine alone: meili-filter.ts builds a filter
 * from the caller's memberships and blocks for every query.
 */
export interface MeiliDocument {
  key: string;
  type: SearchRow['type'];
  id: string;
  spaceId: string | null;
  parentId: string | null;
  language: string | null;
  title: string;
  body: string;
  notes: string[];
  /** Folded title and body (no case, diacritics or Cyrillic), searched with a folded query. */
  folded: string;
  createdAt: number;
  createdAtIso: string;
  spaceSlug: string | null;
  spaceName: string | null;
  storyTitle: string | null;
  visibility: string;
  authorId: string | null;
  moderation: string;
  status: string;
  storyAuthorId: string | null;
  storyModeration: string | null;
  storyStatus: string | null;
  storyVisibility: string | null;
  storySpaceId: string | null;
}

export const MEILI_FILTERABLE = [
  'type', 'id', 'spaceId', 'language', 'createdAt', 'visibility', 'authorId', 'moderation', 'status',
  'storyAuthorId', 'storyModeration', 'storyStatus', 'storyVisibility', 'storySpaceId',
] as const;

/** A document row as the relay reads it (search_documents joined to its live source row). */
export interface MeiliSourceRow extends SearchRow {
  visibility: string;
  author_id: string | null;
  moderation: string;
  status: string;
  story_author_id: string | null;
  story_moderation: string | null;
  story_status: string | null;
  story_visibility: string | null;
  story_space_id: string | null;
}

export const meiliKey = (type: string, id: string) => `${type}-${id}`;

export function toMeiliDocument(r: MeiliSourceRow): MeiliDocument {
  const created = new Date(r.created_at);
  return {
    key: meiliKey(r.type, r.id),
    type: r.type,
    id: r.id,
    spaceId: r.space_id,
    parentId: r.parent_id,
    language: r.language,
    title: r.title,
    body: r.body,
    notes: r.notes,
    folded: fold(`${r.title} ${r.body}`),
    createdAt: created.getTime(),
    createdAtIso: created.toISOString(),
    spaceSlug: r.space_slug,
    spaceName: r.space_name,
    storyTitle: r.story_title,
    visibility: r.visibility,
    authorId: r.author_id,
    moderation: r.moderation,
    status: r.status,
    storyAuthorId: r.story_author_id,
    storyModeration: r.story_moderation,
    storyStatus: r.story_status,
    storyVisibility: r.story_visibility,
    storySpaceId: r.story_space_id,
  };
}

/** Back to the row shape the result mapping (titles, links, snippets) shares with Postgres. */
export function fromMeiliDocument(d: MeiliDocument): SearchRow {
  return {
    type: d.type, id: d.id, space_id: d.spaceId, parent_id: d.parentId, language: d.language, title: d.title, body: d.body,
    notes: d.notes, created_at: d.createdAtIso, space_slug: d.spaceSlug, space_name: d.spaceName, story_title: d.storyTitle,
  };
}

/**
 * Reads the current documents with their permission fields, for the relay and the reindex.
 * `$1`/`$2` are parallel arrays of types and ids; without them, every document (reindex).
 */
export const MEILI_SOURCE_SQL = (where: string) => `
  SELECT d.type, d.id, d.space_id, d.parent_id, d.language, d.title, d.body, d.notes, d.created_at,
         sp.slug AS space_slug, sp.name AS space_name, st.title AS story_title,
         CASE d.type WHEN 'space' THEN sp.visibility WHEN 'story' THEN st.visibility WHEN 'comment' THEN st.visibility
                     WHEN 'event' THEN CASE WHEN d.space_id IS NULL THEN 'public' ELSE 'space' END
                     WHEN 'resource' THEN 'public' WHEN 'organization' THEN 'public' ELSE 'space' END AS visibility,
         CASE d.type WHEN 'story' THEN st.author_id WHEN 'comment' THEN c.author_id WHEN 'message' THEN g.author_id
                     WHEN 'event' THEN e.created_by END AS author_id,
         coalesce(CASE d.type WHEN 'story' THEN st.moderation_state WHEN 'comment' THEN c.moderation_state
                     WHEN 'message' THEN g.moderation_state WHEN 'event' THEN e.moderation_state
                     WHEN 'resource' THEN rs.moderation_state END, 'visible') AS moderation,
         CASE d.type WHEN 'story' THEN st.status WHEN 'resource' THEN CASE WHEN rs.deleted_at IS NULL THEN rs.status ELSE 'deleted' END
                     ELSE 'published' END AS status,
         CASE WHEN d.type = 'comment' THEN st.author_id END AS story_author_id,
         CASE WHEN d.type = 'comment' THEN st.moderation_state END AS story_moderation,
         CASE WHEN d.type = 'comment' THEN st.status END AS story_status,
         CASE WHEN d.type = 'comment' THEN st.visibility END AS story_visibility,
         CASE WHEN d.type = 'comment' THEN st.space_id END AS story_space_id
    FROM search_documents d
    LEFT JOIN spaces sp ON sp.id = d.space_id
    LEFT JOIN stories st ON st.id = CASE d.type WHEN 'story' THEN d.id WHEN 'comment' THEN d.parent_id END
    LEFT JOIN story_comments c ON d.type = 'comment' AND c.id = d.id
    LEFT JOIN messages g ON d.type = 'message' AND g.id = d.id
    LEFT JOIN events e ON d.type = 'event' AND e.id = d.id
    LEFT JOIN resources rs ON d.type = 'resource' AND rs.id = d.id
   WHERE ${where}`;
