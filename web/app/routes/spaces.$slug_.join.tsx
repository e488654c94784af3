import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { joinSpaceSchema, spaceSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormFailure } from '~/utils/forms.server';
import { loadSpace } from '~/utils/spaces.server';
import type { RouteHandle } from '~/utils/route-handle';
import { Guidelines } from '~/components/spaces/Guidelines';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { localRedirect } from '~/utils/redirect.server';

export const handle: RouteHandle = {
  title: (t) => t('invite.pageTitle', { ns: 'spaces' }),
};

/** `/spaces/<slug>/join?invite=<token>`: the page an invitation link opens. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const invite = new URL(request.url).searchParams.get('invite') ?? '';
  if (!invite) throw new Response(null, { status: 404 });
  const space = await loadSpace(request, params.slug ?? '', user.locale, invite);
  if (space.membership) throw localRedirect(`/spaces/${space.slug}`);
  return { space: { id: space.id, slug: space.slug, name: space.name, description: space.description, guidelines: space.guidelines }, invite };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const formData = await request.formData();
  const invite = String(formData.get('invite') ?? '');
  const space = await loadSpace(request, params.slug ?? '', user.locale, invite);
  const accepted = formData.get('acceptGuidelines') === 'true';
  if (space.guidelines.trim() && !accepted) {
    return data<FormFailure>({ errors: { fieldErrors: { acceptGuidelines: t('validation.acceptGuidelines', { ns: 'errors' }) } } }, { status: 400 });
  }
  const checked = validate(joinSpaceSchema, { inviteToken: invite, ...(accepted ? { acceptGuidelines: true } : {}) }, t);
  if (!checked.ok) return data<FormFailure>({ errors: checked.errors }, { status: 400 });
  const result = await api(request, `/api/spaces/${space.id}/join`, { method: 'POST', body: checked.data, schema: spaceSchema, locale: user.locale });
  if (!result.ok) return data<FormFailure>({ errors: problemErrors(result, t) }, { status: result.status });
  return localRedirect(`/spaces/${result.data.slug}?joined=1`);
}

export default function InvitePage() {
  const { t } = useTranslation('spaces');
  const { space, invite } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.errors.fieldErrors ?? {};
  return (
    <section className="narrow-wide" aria-labelledby="invite-title">
      <h1 id="invite-title">{t('invite.title', { name: space.name })}</h1>
      {space.description ? <p className="lead">{space.description}</p> : null}
      <Guidelines text={space.guidelines} />
      <ErrorSummary formError={failure?.errors.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <input type="hidden" name="invite" value={invite} />
        {space.guidelines.trim() ? (
          <div className={errors.acceptGuidelines ? 'field field--checkbox field--invalid' : 'field field--checkbox'}>
            {errors.acceptGuidelines ? (
              <p className="field__error" id="acceptGuidelines-error">
                {errors.acceptGuidelines}
              </p>
            ) : null}
            <input type="checkbox" id="acceptGuidelines" name="acceptGuidelines" value="true" aria-describedby={errors.acceptGuidelines ? 'acceptGuidelines-error' : undefined} />
            <label htmlFor="acceptGuidelines">{t('join.accept')}</label>
          </div>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {t('join.submit')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
