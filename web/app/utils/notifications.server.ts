import { z } from 'zod';
import { api } from './api.server';

const unreadCountSchema = z.object({ unread: z.number().int().nonnegative() });

/** How many notifications the person has not read, for the header; 0 when it cannot be known. */
export async function unreadNotifications(request: Request): Promise<number> {
  try {
    // The count alone: every signed-in page asks, so it must not fetch the list to count it.
    const result = await api(request, '/api/me/notifications/unread-count', { schema: unreadCountSchema });
    return result.ok ? result.data.unread : 0;
  } catch {
    // A malformed answer must not break every page.
    return 0;
  }
}
