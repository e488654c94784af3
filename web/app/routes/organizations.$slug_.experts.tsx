import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createContributionSchema, inviteExpertSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { readFields, validate } from '~/utils/forms.server';
import { organizationSchema, UUID } from '~/utils/resources.server';
import { CONTRIBUTION_FIELDS, contributionBody, contributionPageSchema, listingsSchema, totalsSchema } from '~/utils/experts.server';
import { organizationAction, type OrganizationActionResult } from '~/utils/organization-actions.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ContributionFields } from '~/components/experts/ContributionFields';
import { ContributionSummary } from '~/components/experts/ContributionSummary';
import { TotalsTable } from '~/components/experts/TotalsTable';

export const handle: RouteHandle = {
  title: (t) => t('staff.pageTitle', { ns: 'experts' }),
};

/** The organisation's staff only; the API answers "not found" to everyone else, and so does this page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const slug = params.slug ?? '';
  if (!/^[a-z0-9-]{1,120}$/i.test(slug)) throw new Response(null, { status: 404 });
  const found = await api(request, `/api/organizations/${encodeURIComponent(slug)}`, { schema: organizationSchema, locale });
  if (!found.ok) throw new Response(null, { status: found.status === 404 ? 404 : 503 });
  const organization = found.data;
  const cursor = new URL(request.url).searchParams.get('cursor');
  const [experts, entries, totals] = await Promise.all([
    api(request, `/api/organizations/${organization.id}/experts`, { schema: listingsSchema, locale }),
    api(request, `/api/organizations/${organization.id}/contributions?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor.slice(0, 200))}` : ''}`, { schema: contributionPageSchema, locale }),
    api(request, `/api/organizations/${organization.id}/contributions/totals`, { schema: totalsSchema, locale }),
  ]);
  if (!experts.ok) throw new Response(null, { status: experts.status === 404 ? 404 : 503 });
  if (!entries.ok || !totals.ok) throw new Response(null, { status: 503 });
  return { organization, experts: experts.data.items, entries: entries.data, totals: totals.data.items };
}

type ActionResult = OrganizationActionResult;

export async function action({ request }: ActionFunctionArgs) {
  const { locale, t, form, intent, id, answer } = await organizationAction(request);
  if (intent === 'invite') {
    const values = { username: String(form.get('username') ?? '') };
    const checked = validate(inviteExpertSchema, values, t);
    if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors, values }, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/experts`, { method: 'POST', body: checked.data, locale }), values);
  }
  if (intent === 'remove-expert') {
    const userId = String(form.get('userId') ?? '');
    if (!UUID.test(userId)) throw new Response(null, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/experts/${userId}`, { method: 'DELETE', locale }));
  }
  if (intent === 'log') {
    const values: Record<string, string> = { ...readFields(form, CONTRIBUTION_FIELDS), feeDeclined: form.get('feeDeclined') === 'true' ? 'true' : '' };
    const checked = validate(createContributionSchema, { username: values.username ?? '', ...contributionBody(values, values.feeDeclined === 'true') }, t);
    if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors, values }, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/contributions`, { method: 'POST', body: checked.data, locale }), values);
  }
  throw new Response(null, { status: 400 });
}

export default function ExpertsByExperience() {
  const { organization, experts, entries, totals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('experts');
  const inviting = actionData?.intent === 'invite' ? actionData : undefined;
  const logging = actionData?.intent === 'log' ? actionData : undefined;
  const listed = experts.filter((e) => e.acceptedAt !== null);
  return (
    <article aria-labelledby="experts-title">
      <h1 id="experts-title">{t('staff.title', { organization: organization.name })}</h1>
      <p>{t('staff.lead')}</p>
      <p>
        <Link to={`/organizations/${organization.slug}`}>{t('staff.back', { organization: organization.name })}</Link>
      </p>

      <section aria-labelledby="people-title" className="panel">
        <h2 id="people-title">{t('staff.peopleTitle')}</h2>
        <p className="muted">{t('staff.peopleLead')}</p>
        {experts.length === 0 ? <p>{t('staff.noPeople')}</p> : null}
        <ul className="staff-list" data-testid="expert-list">
          {experts.map((e) => (
            <li key={e.expert.userId}>
              <span>
                {e.expert.displayName ?? e.expert.username} <span className="muted">@{e.expert.username}</span> · {e.acceptedAt ? t('staff.accepted') : t('staff.waiting')}
              </span>
              <Form method="post">
                <input type="hidden" name="organizationId" value={organization.id} />
                <input type="hidden" name="userId" value={e.expert.userId} />
                <button type="submit" name="intent" value="remove-expert" className="button button--danger button--small">
                  {t('staff.remove')}
                  <span className="visually-hidden"> {e.expert.username}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="stack-form" key={inviting?.done ? 'invited' : 'inviting'}>
          <input type="hidden" name="organizationId" value={organization.id} />
          <ErrorSummary formError={inviting?.errors?.formError} fieldErrors={inviting?.errors?.fieldErrors} fieldId={(name) => `invite-${name}`} labels={{ username: t('staff.username') }} />
          <TextField name="username" id="invite-username" label={t('staff.username')} hint={t('staff.usernameHint')} defaultValue={inviting?.done ? '' : inviting?.values?.username} error={inviting?.errors?.fieldErrors.username} autoComplete="off" />
          <button type="submit" name="intent" value="invite" className="button">
            {t('staff.invite')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="log-form-title" className="panel">
        <h2 id="log-form-title">{t('staff.addTitle')}</h2>
        {logging?.done ? (
          <p className="notice" role="status">
            {t('staff.logged')}
          </p>
        ) : null}
        {listed.length === 0 ? (
          <p>{t('staff.nobodyListed')}</p>
        ) : (
          <Form method="post" className="stack-form" key={logging?.done ? `logged-${entries.items.length}` : 'logging'}>
            <input type="hidden" name="organizationId" value={organization.id} />
            <ErrorSummary formError={logging?.errors?.formError} fieldErrors={logging?.errors?.fieldErrors} fieldId={(name) => `log-${name}`} />
            <SelectField name="username" id="log-username" label={t('form.expert')} defaultValue={logging?.done ? undefined : logging?.values?.username} error={logging?.errors?.fieldErrors.username}>
              {listed.map((e) => (
                <option key={e.expert.userId} value={e.expert.username}>
                  {e.expert.displayName ?? e.expert.username}
                </option>
              ))}
            </SelectField>
            <ContributionFields idPrefix="log" values={logging?.done ? undefined : logging?.values} errors={logging?.errors?.fieldErrors} statuses={['planned', 'done']} />
            <button type="submit" name="intent" value="log" className="button">
              {t('staff.add')}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="entries-title">
        <h2 id="entries-title">{t('staff.logTitle')}</h2>
        {entries.items.length === 0 ? <p>{t('staff.noEntries')}</p> : null}
        <ul className="contribution-list" data-testid="contribution-list">
          {entries.items.map((c) => (
            <li key={c.id} className="contribution">
              <h3 className="contribution__title">
                <Link to={`/organizations/${organization.slug}/experts/${c.id}`}>{c.title}</Link>
              </h3>
              <p>{c.expert ? (c.expert.displayName ?? c.expert.username) : t('totals.formerMember')}</p>
              <ContributionSummary c={c} />
              {c.reflection ? (
                <blockquote className="contribution__reflection">
                  <p className="muted">{t('list.reflectionBy')}</p>
                  <p className="pre-line">{c.reflection}</p>
                </blockquote>
              ) : null}
            </li>
          ))}
        </ul>
        {entries.nextCursor ? (
          <p>
            <Link to={`?cursor=${encodeURIComponent(entries.nextCursor)}`}>{t('list.older')}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t('totals.title')}</h2>
        <p className="muted">{t('totals.lead')}</p>
        <TotalsTable rows={totals} />
        <p>
          <a href={`/api/organizations/${organization.id}/contributions/totals?format=csv`} download>
            {t('totals.csv')}
          </a>
        </p>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
