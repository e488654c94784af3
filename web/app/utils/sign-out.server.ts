import { api, withApiCookies } from '~/utils/api.server';

/**
 * Ends the session on the API and answers the headers that drop it in the browser. If the API could
 * not clear the cookie, it is dropped here anyway: the person asked to leave.
 */
export async function endSession(request: Request): Promise<Headers> {
  const result = await api(request, '/api/auth/logout', { method: 'POST' });
  const headers = withApiCookies(result);
  if (!result.ok && result.setCookies.length === 0) {
    headers.append('Set-Cookie', 'sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
  }
  return headers;
}
