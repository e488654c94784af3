import type { ActionFunctionArgs } from '@remix-run/node';
import { privateBrowsingCookie } from '~/utils/private-browsing';
import { localRedirect, safeRedirect } from '~/utils/redirect.server';

/** Turns private browsing on or off for this device; a plain form, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const headers = new Headers({ 'Set-Cookie': privateBrowsingCookie(form.get('enabled') === 'on') });
  return localRedirect(safeRedirect(form.get('redirectTo'), '/account'), { headers });
}

export async function loader() {
  return localRedirect('/account');
}
