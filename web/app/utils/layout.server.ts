import { layoutAnswerSchema, type LayoutAnswer } from '@sorstars/shared';
import { api } from './api.server';
import { resolveLocale } from './i18n.server';
import { carriedLayout } from './layout-along.server';
import { oncePerRequest } from './request-memo.server';

const NOTHING: LayoutAnswer = { user: null, unreadNotifications: 0, banner: null };

/**
 * What the frame of every page shows — who is signed in, their unread count, the emergency
 * banner — from one API call per page request, shared by the root loader and every page loader
 * that asks who is signed in; where it can, that call is the page's own (layout-along.server). An
 * API that is down or answers oddly gives the frame of a visitor with no banner, so public pages
 * keep working.
 */
export function getLayout(request: Request): Promise<LayoutAnswer> {
  return oncePerRequest(request, `layout:${request.headers.get('Cookie') ?? ''}`, () => fetchLayout(request));
}

async function fetchLayout(request: Request): Promise<LayoutAnswer> {
  const carried = carriedLayout(request);
  try {
    // The banner comes in the person's language, else the one this visitor's request asks for.
    const locale = await resolveLocale(request);
    const frame = await carried.wait(locale);
    if (frame) return frame;
    const result = await api(request, '/api/layout', { schema: layoutAnswerSchema, locale });
    return result.ok ? result.data : NOTHING;
  } catch {
    return NOTHING;
  }
}
