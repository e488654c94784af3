import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CONTRIBUTION_NEXT_STATUS, updateContributionSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, readFields, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { organizationSchema, UUID } from '~/utils/resources.server';
import { CONTRIBUTION_FIELDS, contributionBody, contributionSchema } from '~/utils/experts.server';
import { contributionValues } from '~/components/experts/contribution-values';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { ContributionFields } from '~/components/experts/ContributionFields';
import { ContributionSummary } from '~/components/experts/ContributionSummary';

export const handle: RouteHandle = {
  title: (t) => t('edit.pageTitle', { ns: 'experts' }),
};

async function entryFor(request: Request, slug: string | undefined, entryId: string | undefined, locale: string) {
  if (!slug || !/^[a-z0-9-]{1,120}$/i.test(slug) || !entryId || !UUID.test(entryId)) throw new Response(null, { status: 404 });
  const found = await api(request, `/api/organizations/${encodeURIComponent(slug)}`, { schema: organizationSchema, locale });
  if (!found.ok) throw new Response(null, { status: found.status === 404 ? 404 : 503 });
  const entry = await api(request, `/api/organizations/${found.data.id}/contributions/${entryId}`, { schema: contributionSchema, locale });
  if (!entry.ok) throw new Response(null, { status: entry.status === 404 ? 404 : 503 });
  return { organization: found.data, entry: entry.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return entryFor(request, params.slug, params.entryId, await resolveLocale(request, user.locale));
}

type ActionResult = { errors: FormErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const { organization, entry } = await entryFor(request, params.slug, params.entryId, locale);
  const form = await request.formData();
  const values = { ...readFields(form, CONTRIBUTION_FIELDS), feeDeclined: form.get('feeDeclined') === 'true' ? 'true' : '' };
  const checked = validate(updateContributionSchema, contributionBody(values, values.feeDeclined === 'true'), t);
  if (!checked.ok) return data<ActionResult>({ errors: checked.errors, values }, { status: 400 });
  const saved = await api(request, `/api/organizations/${organization.id}/contributions/${entry.id}`, { method: 'PATCH', body: checked.data, locale, schema: contributionSchema });
  if (saved.ok) return redirect(`/organizations/${organization.slug}/experts`);
  return data<ActionResult>({ errors: problemErrors(saved, t), values }, { status: saved.status });
}

export default function EditContribution() {
  const { organization, entry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('experts');
  return (
    <article aria-labelledby="edit-title">
      <h1 id="edit-title">{t('edit.title', { title: entry.title })}</h1>
      <p>
        <Link to={`/organizations/${organization.slug}/experts`}>{t('edit.back')}</Link>
      </p>
      <p>{entry.expert ? (entry.expert.displayName ?? entry.expert.username) : t('totals.formerMember')}</p>
      <ContributionSummary c={entry} />
      {entry.reflection ? (
        <blockquote className="contribution__reflection">
          <p className="muted">{t('list.reflectionBy')}</p>
          <p className="pre-line">{entry.reflection}</p>
        </blockquote>
      ) : null}
      {entry.status === 'paid' ? (
        <p className="notice">{t('edit.paidFinal')}</p>
      ) : (
        <Form method="post" className="stack-form">
          <ErrorSummary formError={actionData?.errors.formError} fieldErrors={actionData?.errors.fieldErrors} fieldId={(name) => `edit-${name}`} />
          <ContributionFields idPrefix="edit" values={actionData?.values ?? contributionValues(entry)} errors={actionData?.errors.fieldErrors} statuses={[entry.status, ...CONTRIBUTION_NEXT_STATUS[entry.status]]} />
          <button type="submit" className="button">
            {t('edit.save')}
          </button>
        </Form>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
