import { homeAnswerSchema, type HomeAnswer } from '@sorstars/shared';
import { api } from './api.server';
import { readerZone } from './events.server';
import { hasSessionCookie } from './session.server';

export type HomeLoad =
  | { kind: 'visitor' }
  | { kind: 'home'; home: HomeAnswer; readerZone: string | null }
  /** Signed in, but the API could not answer: the page says so and keeps the brochure below. */
  | { kind: 'unavailable' };

/**
 * The home page's data in one API hop: GET /api/me/home answers for the person the cookie belongs
 * to, or 401 for a visitor — so the page needs no separate "who is this?" call to choose.
 */
export async function loadHome(request: Request, locale: string): Promise<HomeLoad> {
  if (!hasSessionCookie(request)) return { kind: 'visitor' };
  const result = await api(request, '/api/me/home', { schema: homeAnswerSchema, locale });
  if (result.ok) return { kind: 'home', home: result.data, readerZone: readerZone(request) };
  return result.status === 401 ? { kind: 'visitor' } : { kind: 'unavailable' };
}
