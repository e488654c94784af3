import type { Message } from '@sorstars/shared';
import { UNREACHABLE, type Unreachable } from '~/utils/unreachable';

export interface MessagePage {
  messages: Message[];
  hasEarlier: boolean;
}

/**
 * A page of a space's messages from the chat's resource route: `before` the oldest message held
 * ("load earlier"), or the newest page (read again after a reconnect). Plain `fetch`, not a Remix
 * fetcher: a fetcher that cannot reach the server takes the whole page to an error page, and the
 * first time it must also learn the route and load its code, which no network turns into a reload.
 * Here no network is an answer the chat shows and tries again.
 */
export async function readMessagePage(space: { id: string; slug: string }, before?: string): Promise<MessagePage | Unreachable | null> {
  const query = new URLSearchParams({ space: space.id, ...(before ? { before } : {}) });
  let response: Response;
  try {
    response = await fetch(`/spaces/${space.slug}/messages?${query}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return UNREACHABLE;
  }
  // Signed out meanwhile: the route sent us to sign in. Go there, as a page of the app would.
  if (response.redirected) {
    window.location.assign(response.url);
    return null;
  }
  // Gone, or no longer ours to read: nothing to add (the space's page says why when read again).
  if (!response.ok) return null;
  try {
    return (await response.json()) as MessagePage;
  } catch {
    // Cut off halfway, or not our JSON (a captive portal's page): as if it had not come.
    return UNREACHABLE;
  }
}
