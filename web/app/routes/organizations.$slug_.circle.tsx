import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CASE_CARD_ALIAS_MAX, CASE_CARD_BODY_MAX, createCaseCardSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { organizationBySlug } from '~/utils/resources.server';
import { caseCardSchema, circleSchema, fieldMessages, logSchema } from '~/utils/circle.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { SelectField } from '~/components/ui/SelectField';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { Day } from '~/components/circle/Day';
import { OrganizationLog } from '~/components/circle/OrganizationLog';

export const handle: RouteHandle = {
  title: (t) => t('circle.pageTitle', { ns: 'circle' }),
};

/** Mentors only: everyone else gets the same "not found" the API gives them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const organization = await organizationBySlug(request, params.slug, locale);
  const [circle, log] = await Promise.all([
    api(request, `/api/organizations/${organization.id}/circle`, { schema: circleSchema, locale }),
    api(request, `/api/organizations/${organization.id}/log`, { schema: logSchema, locale }),
  ]);
  if (!circle.ok) throw new Response(null, { status: circle.status === 404 ? 404 : 503 });
  return { organization, circle: circle.data, log: log.ok ? log.data.items : [] };
}

type ActionResult = { errors: FormErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const organization = await organizationBySlug(request, params.slug, locale);
  const form = await request.formData();
  const values = { menteeId: String(form.get('menteeId') ?? ''), alias: String(form.get('alias') ?? ''), body: String(form.get('body') ?? '') };
  const checked = validate(createCaseCardSchema, values, t);
  if (!checked.ok) return data<ActionResult>({ errors: checked.errors, values }, { status: 400 });
  const posted = await api(request, `/api/organizations/${organization.id}/circle/cards`, { method: 'POST', body: checked.data, locale, schema: caseCardSchema });
  if (posted.ok) return redirect(`/organizations/${organization.slug}/circle?posted=1`);
  const errors = problemErrors(posted, t);
  // A refused card lists every kind of detail found (never the detail), next to the text field.
  const body = fieldMessages(posted.problem, 'body');
  if (body) errors.fieldErrors.body = body;
  return data<ActionResult>({ errors, values }, { status: posted.status });
}

export default function CirclePage() {
  const { organization, circle, log } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('circle');
  const [searchParams] = useSearchParams();
  const posted = searchParams.get('posted') === '1';
  return (
    <article className="circle" aria-labelledby="circle-title">
      <h1 id="circle-title">{t('circle.title', { organization: organization.name })}</h1>
      <p>{t('circle.lead')}</p>
      <p>
        <Link to={`/spaces/${circle.spaceId}`}>{t('circle.openChat')}</Link> · <Link to="/coordinators">{t('circle.whatCoordinatorsSee')}</Link>
      </p>

      <section aria-labelledby="cards-title">
        <h2 id="cards-title">{t('cards.title')}</h2>
        <p className="muted">{t('cards.lead')}</p>
        {circle.cards.length === 0 ? (
          <p>{t('cards.none')}</p>
        ) : (
          <ul className="case-card-list" data-testid="case-cards">
            {circle.cards.map((card) => (
              <li key={card.id} className="case-card">
                <Link to={`/circle/cards/${card.id}`}>{t('cards.open', { alias: card.alias })}</Link>
                <span className="muted">
                  {' '}
                  {card.mine ? `${t('cards.mine')} · ` : ''}
                  <Day value={card.createdAt} /> · {t('cards.expires')} <Day value={card.expiresAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="post-title" className="panel">
        <h2 id="post-title">{t('post.title')}</h2>
        <p className="muted">{t('post.lead')}</p>
        {posted && !actionData ? (
          <p className="notice" role="status">
            {t('post.posted')}
          </p>
        ) : null}
        {circle.menteesWhoAllow.length === 0 ? (
          <p>{t('post.noPermission')}</p>
        ) : (
          <Form method="post" className="stack-form" key={actionData ? 'again' : 'new'}>
            <ErrorSummary
              formError={actionData?.errors.formError}
              fieldErrors={actionData?.errors.fieldErrors}
              fieldId={(name) => `card-${name}`}
              labels={{ menteeId: t('post.mentee'), alias: t('post.alias'), body: t('post.body') }}
            />
            <SelectField name="menteeId" id="card-menteeId" label={t('post.mentee')} hint={t('post.menteeHint')} defaultValue={actionData?.values.menteeId} error={actionData?.errors.fieldErrors.menteeId}>
              {circle.menteesWhoAllow.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.displayName ?? m.username}
                </option>
              ))}
            </SelectField>
            <TextField name="alias" id="card-alias" label={t('post.alias')} hint={t('post.aliasHint')} maxLength={CASE_CARD_ALIAS_MAX} defaultValue={actionData?.values.alias} error={actionData?.errors.fieldErrors.alias} autoComplete="off" />
            <TextAreaField name="body" id="card-body" label={t('post.body')} hint={t('post.bodyHint')} rows={6} maxLength={CASE_CARD_BODY_MAX} defaultValue={actionData?.values.body} error={actionData?.errors.fieldErrors.body} />
            <button type="submit" className="button">
              {t('post.submit')}
            </button>
          </Form>
        )}
      </section>

      <OrganizationLog entries={log} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
