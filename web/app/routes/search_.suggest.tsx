import type { LoaderFunctionArgs } from '@remix-run/node';
import { searchResultSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { getCurrentUser } from '~/utils/session.server';
import { SUGGEST_MIN_CHARS, type Suggestion } from '~/components/search/suggestions';

/**
 * The header search's suggestions while someone types: a resource route answered as JSON, read
 * with `fetch` (see HeaderSearch). The same search as /search, five hits, only what a link needs.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 500);
  const headers = { 'Cache-Control': 'private, no-store' };
  if (q.trim().length < SUGGEST_MIN_CHARS) return Response.json({ suggestions: [] }, { headers });
  const result = await api(request, `/api/search?${new URLSearchParams({ q, limit: '5' })}`, { schema: searchResultSchema, locale });
  const suggestions: Suggestion[] = result.ok ? result.data.items.map(({ type, id, title, url }) => ({ type, id, title, url })) : [];
  return Response.json({ suggestions }, { headers });
}
