import type { SearchType } from '@sorstars/shared';
import { messageReadableSql } from '../chat/chat.policy.js';
import { eventVisibleSql } from '../events/events.policy.js';
import { spaceReaderSql, spaceViewableSql } from '../spaces/spaces.policy.js';
import { commentReadableSql, storyReadableSql } from '../stories/stories.policy.js';
import { resourceSearchableSql } from '../resources/resources.policy.js';

/** A candidate document with what its page link and title need (joined by the repository). */
export interface SearchRow {
  type: SearchType;
  id: string;
  space_id: string | null;
  parent_id: string | null;
  language: string | null;
  title: string;
  body: string;
  notes: string[];
  created_at: string;
  space_slug: string | null;
  space_name: string | null;
  story_title: string | null;
}

/** SQL expressions for the caller, as the repository binds them. */
export interface ViewerSql {
  id: string;
  isAdmin: string;
}

/**
 * One searchable kind of thing. Adding a type is one of these (plus its indexing trigger): who may
 * read a document is the owning domain's policy predicate, asked of the live row at query time.
 */
export interface SearchTypeModule {
  type: SearchType;
  /** True when the viewer may read the document `d` now (its row re-read, never a stored copy). */
  readableSql(d: string, viewer: ViewerSql): string;
  title(row: SearchRow): string;
  url(row: SearchRow): string;
  /** The text a snippet is cut from; a covered story shows its content notes, never its text. */
  snippetText(row: SearchRow): string;
}

const body = (row: SearchRow) => row.body;

/**
 * The live row of a document, looked up by primary key, answers the policy (false when the row is
 * gone). The policy sits in the select list, not in WHERE: there Postgres would turn its membership
 * EXISTS into a join, or the whole lookup into a hash of every readable row of the table, costing
 * the table's size per search; in the select list each membership or block check is a hash of the
 * viewer's own rows, built once per query.
 */
export const liveRowSql = (from: string, key: string, policy: string) => `coalesce((SELECT ${policy} FROM ${from} WHERE ${key} LIMIT 1), false)`;

export const SEARCH_TYPE_MODULES: readonly SearchTypeModule[] = [
  {
    type: 'space',
    // Spaces are for signed-in people (the spaces routes ask for a session), then by can('view').
    readableSql: (d, v) => `${v.id} IS NOT NULL AND ${liveRowSql('spaces s', `s.id = ${d}.id`, spaceViewableSql('s', v.id, v.isAdmin))}`,
    title: (row) => row.title,
    url: (row) => `/spaces/${encodeURIComponent(row.space_slug ?? row.id)}`,
    snippetText: body,
  },
  {
    type: 'story',
    readableSql: (d, v) => liveRowSql('stories s', `s.id = ${d}.id`, storyReadableSql('s', v.id)),
    title: (row) => row.title,
    url: (row) => `/stories/${row.id}`,
    snippetText: (row) => (row.notes.length ? row.notes.join(', ') : row.body),
  },
  {
    type: 'comment',
    readableSql: (d, v) =>
      liveRowSql('story_comments c JOIN stories s ON s.id = c.story_id', `c.id = ${d}.id`, commentReadableSql('c', 's', v.id)),
    title: (row) => row.story_title ?? '',
    url: (row) => `/stories/${row.parent_id}#comment-${row.id}`,
    snippetText: body,
  },
  {
    type: 'event',
    readableSql: (d, v) => liveRowSql('events e', `e.id = ${d}.id`, eventVisibleSql('e', v.id)),
    title: (row) => row.title,
    url: (row) => `/events/${row.id}`,
    snippetText: body,
  },
  {
    type: 'message',
    // Membership of the document's space first: a hash of the viewer's spaces that skips, without
    // a lookup, every message of a space they are not in; the live message row then decides.
    readableSql: (d, v) => `${spaceReaderSql(v.id, `${d}.space_id`)} AND ${liveRowSql('messages g', `g.id = ${d}.id`, messageReadableSql('g', v.id))}`,
    title: (row) => row.space_name ?? '',
    url: (row) => `/spaces/${encodeURIComponent(row.space_slug ?? '')}?message=${row.id}#message-${row.id}`,
    snippetText: body,
  },
  {
    type: 'resource',
    // Indexed only while listed and active, and asked again of the live row. Its text never holds a
    // confidential place (see the IndexDirectoryForSearch migration).
    readableSql: (d) => liveRowSql('resources r', `r.id = ${d}.id`, resourceSearchableSql('r')),
    title: (row) => row.title,
    url: (row) => `/resources/${row.id}`,
    snippetText: body,
  },
  {
    type: 'organization',
    // Organisations are public (organizations.policy: anyone may view); the row must still exist.
    readableSql: (d) => liveRowSql('organizations o', `o.id = ${d}.id`, 'true'),
    title: (row) => row.title,
    url: (row) => `/organizations/${row.id}`,
    snippetText: body,
  },
];

export const searchTypeModule = (type: SearchType) => {
  const found = SEARCH_TYPE_MODULES.find((m) => m.type === type);
  if (!found) throw new Error(`no search module for ${type}`);
  return found;
};
