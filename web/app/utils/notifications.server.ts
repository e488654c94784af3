import { api } from './api.server';
import { notificationListSchema } from './events.server';

/** How many notifications the person has not read, for the header; 0 when it cannot be known. */
export async function unreadNotifications(request: Request): Promise<number> {
  try {
    const result = await api(request, '/api/me/notifications', { schema: notificationListSchema });
    return result.ok ? result.data.unread : 0;
  } catch {
    // A malformed answer must not break every page.
    return 0;
  }
}
