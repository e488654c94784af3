import { data } from '@remix-run/node';
import { api } from './api.server';
import { requireUser } from './session.server';
import { resolveLocale } from './i18n.server';
import { problemErrors, translatorFor, type FormErrors } from './forms.server';
import { UUID } from './moderation.server';

export type OrganizationActionResult = { intent: string; done?: boolean; errors?: FormErrors; values?: Record<string, string> };

/**
 * What every organisation page's form post starts with: who asks, in which language, which
 * intent for which organisation (a made-up id is a 400), and one way to answer an API result.
 * The API decides who may do what.
 */
export async function organizationAction(request: Request) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const id = String(form.get('organizationId') ?? '');
  if (!UUID.test(id)) throw new Response(null, { status: 400 });
  const answer = (result: Awaited<ReturnType<typeof api>>, values?: Record<string, string>) =>
    result.ok ? { intent, done: true } : data<OrganizationActionResult>({ intent, errors: problemErrors(result, t), values }, { status: result.status });
  return { user, locale, t, form, intent, id, answer };
}
