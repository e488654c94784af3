import type { PublicUser } from '@sorstars/shared';

/**
 * How a person is named on a page: their display name, or their username when they have none.
 * A display name that looks like someone else's name gets the @username beside it, so nobody
 * can pass for another member by copying their name.
 */
export function shownName(person: Pick<PublicUser, 'username' | 'displayName' | 'nameLookalike'>): string {
  if (!person.displayName) return person.username;
  return person.nameLookalike ? `${person.displayName} (@${person.username})` : person.displayName;
}
