import type { AppLoadContext } from '@remix-run/node';
import type { LayoutAnswer, Locale } from '@sorstars/shared';
import { resolveLocale } from './i18n.server';
import { getLayout } from './layout.server';
import { localRedirect } from './redirect.server';

/**
 * The session itself lives in the API (the opaque, httpOnly `sid` cookie); the web only asks the
 * API who the cookie belongs to (GET /api/layout, with the rest of the page's frame).
 */
export type SessionUser = NonNullable<LayoutAnswer['user']>;

/** Whether the request carries a session cookie at all: without one it is a visitor's, and the API need not be asked. */
export function hasSessionCookie(request: Request): boolean {
  return request.headers.get('Cookie')?.includes('sid=') ?? false;
}

/** The signed-in person, or null: no cookie, an expired one, or an API that cannot be reached. */
export async function getCurrentUser(request: Request): Promise<SessionUser | null> {
  if (!hasSessionCookie(request)) return null;
  // Asked once per page request, with the rest of the page's frame: root and page loaders share it.
  return (await getLayout(request)).user;
}

/** For pages only signed-in people may see: everyone else goes to log in, and comes back after. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getCurrentUser(request);
  if (!user) throw toLogin(request);
  return user;
}

/**
 * The signed-in person (null for a visitor) and the page's own API call, asked together. The call
 * starts before the person is known, so it can bring the page's frame along (layout-along.server):
 * the page then costs the API one request, not two. `ask` gets the language the browser's request
 * asks for; the API answers a signed-in person in their account's language whatever it is sent.
 */
export async function withCurrentUser<T>(request: Request, ask: (locale: Locale) => Promise<T>): Promise<{ user: SessionUser | null; answer: T }> {
  const user = getCurrentUser(request);
  const [who, answer] = await Promise.all([user, ask(await resolveLocale(request))]);
  return { user: who, answer };
}

/** As withCurrentUser, for pages only signed-in people may see: a visitor goes to log in whatever the API said. */
export async function withSignedInUser<T>(request: Request, ask: (locale: Locale) => Promise<T>): Promise<{ user: SessionUser; answer: T }> {
  if (!hasSessionCookie(request)) throw toLogin(request);
  const user = getCurrentUser(request);
  const answer = ask(await resolveLocale(request));
  // Handled at once: a failure that comes while the person is still being asked for must not go
  // unhandled (it would end the process), and for a visitor it is never awaited.
  answer.catch(() => undefined);
  const who = await user;
  if (!who) throw toLogin(request);
  return { user: who, answer: await answer };
}

function toLogin(request: Request): Response {
  const url = new URL(request.url);
  return localRedirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/** The session cookie an API answer sets, as `sid=value`, or null. */
export function sessionFrom(setCookies: string[]): string | null {
  const sid = setCookies.find((c) => c.startsWith('sid=') && !c.startsWith('sid=;'));
  return sid ? sid.split(';')[0] : null;
}

/**
 * The request as the rest of this answer should see it: with the session an action just began
 * (see AppLoadContext.freshSession), so the header already shows the person as signed in.
 */
export function withFreshSession(request: Request, context: AppLoadContext): Request {
  if (!context.freshSession) return request;
  const others = (request.headers.get('Cookie') ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && !c.startsWith('sid='));
  const headers = new Headers(request.headers);
  headers.set('Cookie', [...others, context.freshSession].join('; '));
  return new Request(request.url, { method: 'GET', headers });
}
