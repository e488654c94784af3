import { userSchema } from '@sorstars/shared';
import { api } from './api.server';
import { localRedirect } from './redirect.server';

/**
 * The session itself lives in the API (the opaque, httpOnly `sid` cookie); the web only asks the
 * API who the cookie belongs to. createdAt is optional here so a page never breaks over a field
 * the layout does not need.
 */
const sessionUserSchema = userSchema.partial({ createdAt: true });
export type SessionUser = ReturnType<typeof sessionUserSchema.parse>;

/** The signed-in person, or null: no cookie, an expired one, or an API that cannot be reached. */
export async function getCurrentUser(request: Request): Promise<SessionUser | null> {
  if (!request.headers.get('Cookie')?.includes('sid=')) return null;
  try {
    const result = await api(request, '/api/me', { schema: sessionUserSchema });
    return result.ok ? result.data : null;
  } catch {
    // A malformed answer must not lock people out of public pages.
    return null;
  }
}

/** For pages only signed-in people may see: everyone else goes to log in, and comes back after. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw localRedirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}
