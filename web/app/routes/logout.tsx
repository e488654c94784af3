import type { ActionFunctionArgs } from '@remix-run/node';
import { localRedirect } from '~/utils/redirect.server';
import { endSession } from '~/utils/sign-out.server';

/** Logging out is a POST (a link could be followed by a prefetch or a crawler). */
export async function action({ request }: ActionFunctionArgs) {
  return localRedirect('/', { headers: await endSession(request) });
}

export async function loader() {
  return localRedirect('/');
}
