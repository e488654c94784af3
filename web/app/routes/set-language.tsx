import type { ActionFunctionArgs } from '@remix-run/node';
import { isLocale } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { serializeLanguageCookie } from '~/utils/i18n.server';
import { localRedirect, safeRedirect } from '~/utils/redirect.server';
import { hasSessionCookie } from '~/utils/session.server';

/**
 * The language switcher posts here. Visitors keep their choice in the `lng` cookie; signed-in
 * people also have it saved to their account, so it follows them to other devices.
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const lng = formData.get('lng');
  const back = safeRedirect(formData.get('redirectTo'));
  if (!isLocale(lng)) return localRedirect(back);

  if (hasSessionCookie(request)) {
    // Not signed in (401) or API down: the cookie alone still changes the language.
    await api(request, '/api/me', { method: 'PATCH', body: { locale: lng }, locale: lng });
  }
  return localRedirect(back, { headers: { 'Set-Cookie': serializeLanguageCookie(lng) } });
}

export async function loader() {
  return localRedirect('/');
}
