import type { ActionFunctionArgs } from '@remix-run/node';
import { api, withApiCookies } from '~/utils/api.server';
import { localRedirect } from '~/utils/redirect.server';

/** Logging out is a POST (a link could be followed by a prefetch or a crawler). */
export async function action({ request }: ActionFunctionArgs) {
  const result = await api(request, '/api/auth/logout', { method: 'POST' });
  const headers = withApiCookies(result);
  // If the API could not clear the cookie, drop it here anyway: the person asked to leave.
  if (!result.ok && result.setCookies.length === 0) {
    headers.append('Set-Cookie', 'sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
  }
  return localRedirect('/', { headers });
}

export async function loader() {
  return localRedirect('/');
}
