import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/utils/session.server';
import { loadMessages } from '~/utils/spaces.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Earlier messages for the chat's "load earlier messages" button: a resource route (no page),
 * answered as JSON to the fetcher. `space` is the space's id, `before` the oldest message shown.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const spaceId = url.searchParams.get('space') ?? '';
  const before = url.searchParams.get('before') ?? '';
  if (!UUID.test(spaceId) || !UUID.test(before)) throw new Response(null, { status: 400 });
  const page = await loadMessages(request, spaceId, user.locale, before);
  if (!page) throw new Response(null, { status: 404 });
  return page;
}
