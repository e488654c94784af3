import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/utils/session.server';
import { loadMessages } from '~/utils/spaces.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A page of messages for the chat (`readMessagePage`): a resource route (no page), answered as JSON.
 * `space` is the space's id; `before`, the oldest message shown, for "load earlier messages";
 * without it the newest page, read again after a reconnect that could not replay what was missed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const spaceId = url.searchParams.get('space') ?? '';
  const before = url.searchParams.get('before');
  if (!UUID.test(spaceId) || (before !== null && !UUID.test(before))) throw new Response(null, { status: 400 });
  const page = await loadMessages(request, spaceId, user.locale, before ?? undefined);
  if (!page) throw new Response(null, { status: 404 });
  return Response.json(page, { headers: { 'Cache-Control': 'private, no-store' } });
}

