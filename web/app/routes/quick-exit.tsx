import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { QUICK_EXIT_URL } from '~/utils/quick-exit';
import { endSession } from '~/utils/sign-out.server';

/**
 * "Leave quickly" ends the session here, so Back brings up nothing private. Unlike /logout, a GET
 * signs out too: without JavaScript the quick exit is a plain link, and leaving must not wait for a
 * form. The worst another site can do with it is sign someone out, which is what this is for.
 */
async function leavingHeaders(request: Request): Promise<Headers> {
  const headers = await endSession(request);
  // Drops what this site kept in the browser (local storage, IndexedDB, service workers). Not
  // "cache": pages are never stored (no-store), and clearing the cache can delay the redirect.
  headers.set('Clear-Site-Data', '"storage"');
  headers.set('Cache-Control', 'no-store');
  headers.set('Referrer-Policy', 'no-referrer');
  return headers;
}

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect(QUICK_EXIT_URL, { headers: await leavingHeaders(request) });
}

/** With JavaScript the page leaves at once and sends this as a keepalive request on the way out. */
export async function action({ request }: ActionFunctionArgs) {
  return new Response(null, { status: 204, headers: await leavingHeaders(request) });
}
