import type { SearchRequest } from './search.engine.js';

/** The caller as Meilisearch filters see them, read from Postgres for every query. */
export interface MeiliViewer {
  userId: string | null;
  isAdmin: boolean;
  spaceIds: readonly string[];
  blockedIds: readonly string[];
}

const str = (v: string) => JSON.stringify(v);
/** Meilisearch refuses nothing for an empty list, but a never-matching value keeps intent obvious. */
const list = (xs: readonly string[]) => `[${(xs.length ? xs : ['00000000-0000-0000-0000-000000000000']).map(str).join(', ')}]`;
const and = (...parts: (string | null | false)[]) => `(${parts.filter(Boolean).join(' AND ')})`;
const or = (...parts: (string | null | false)[]) => `(${parts.filter(Boolean).join(' OR ')})`;

/**
 * The same rules as the domain policies' SQL predicates, as a Meilisearch filter: every query
 * carries it, built from who is asking (memberships and blocks as they are now).
 */
export function permissionFilter(v: MeiliViewer): string {
  const me = v.userId;
  const mine = (field: string) => (me ? `${field} = ${str(me)}` : null);
  const notBlocked = (field: string) => (v.blockedIds.length ? `${field} NOT IN ${list(v.blockedIds)}` : null);
  const spaces = list(v.spaceIds);
  const storyReadable = (p: '' | 'story') => {
    const f = (name: string) => (p ? `story${name[0].toUpperCase()}${name.slice(1)}` : name);
    return or(
      mine(f('authorId')),
      and(
        `${f('status')} = "published"`,
        `${f('moderation')} = "visible"`,
        or(`${f('visibility')} = "public"`, me && `${f('visibility')} = "members"`, and(`${f('visibility')} = "space"`, `${p ? 'storySpaceId' : 'spaceId'} IN ${spaces}`)),
        notBlocked(f('authorId')),
      ),
    );
  };
  return or(
    me && and('type = "space"', or('visibility != "hidden"', v.isAdmin && 'visibility = "hidden"', `id IN ${spaces}`)),
    and('type = "story"', storyReadable('')),
    and('type = "comment"', or('moderation = "visible"', mine('authorId')), notBlocked('authorId'), storyReadable('story')),
    and('type = "event"', or('spaceId IS NULL', `spaceId IN ${spaces}`), or('moderation = "visible"', mine('authorId'))),
    me && and('type = "message"', `spaceId IN ${spaces}`, or('moderation = "visible"', mine('authorId')), notBlocked('authorId')),
    and('type = "resource"', 'moderation = "visible"', 'status = "active"'),
    'type = "organization"',
  );
}

/** The request's own filters (language, space, dates); types are added by the caller. */
export function requestFilter(r: SearchRequest): string[] {
  const parts: string[] = [];
  if (r.language) parts.push(`language = ${str(r.language)}`);
  if (r.spaceId) parts.push(`spaceId = ${str(r.spaceId)}`);
  if (r.from) parts.push(`createdAt >= ${new Date(r.from).getTime()}`);
  if (r.to) parts.push(`createdAt < ${new Date(r.to).getTime()}`);
  return parts;
}

export const typeFilter = (types: readonly string[]) => `type IN [${types.map(str).join(', ')}]`;
