import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CONTRIBUTION_REFLECTION_MAX, contributionReflectionSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { UUID } from '~/utils/resources.server';
import { contributionPageSchema, contributionSchema, listingsSchema } from '~/utils/experts.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ContributionSummary } from '~/components/experts/ContributionSummary';

export const handle: RouteHandle = {
  title: (t) => t('mine.pageTitle', { ns: 'experts' }),
};

/** The expert's side: invitations, the organisations they are listed by, their entries and reflections. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const cursor = new URL(request.url).searchParams.get('cursor');
  const [listings, entries] = await Promise.all([
    api(request, '/api/me/expert-listings', { schema: listingsSchema, locale }),
    api(request, `/api/me/contributions?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor.slice(0, 200))}` : ''}`, { schema: contributionPageSchema, locale }),
  ]);
  if (!listings.ok || !entries.ok) throw new Response(null, { status: 503 });
  return { listings: listings.data.items, entries: entries.data };
}

type ActionResult = { intent: string; entryId?: string; done?: boolean; errors?: FormErrors; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  if (intent === 'accept' || intent === 'leave') {
    const organizationId = String(form.get('organizationId') ?? '');
    if (!UUID.test(organizationId)) throw new Response(null, { status: 400 });
    const result = intent === 'accept'
      ? await api(request, `/api/me/expert-listings/${organizationId}/accept`, { method: 'POST', locale })
      : await api(request, `/api/me/expert-listings/${organizationId}`, { method: 'DELETE', locale });
    return result.ok ? { intent, done: true } : data<ActionResult>({ intent, errors: problemErrors(result, t) }, { status: result.status });
  }
  if (intent === 'reflect') {
    const entryId = String(form.get('entryId') ?? '');
    if (!UUID.test(entryId)) throw new Response(null, { status: 400 });
    const values = { reflection: String(form.get('reflection') ?? '') };
    const checked = validate(contributionReflectionSchema, values, t);
    if (!checked.ok) return data<ActionResult>({ intent, entryId, errors: checked.errors, values }, { status: 400 });
    const result = await api(request, `/api/me/contributions/${entryId}/reflection`, { method: 'PUT', body: checked.data, locale, schema: contributionSchema });
    return result.ok ? { intent, entryId, done: true } : data<ActionResult>({ intent, entryId, errors: problemErrors(result, t), values }, { status: result.status });
  }
  throw new Response(null, { status: 400 });
}

export default function MyContributions() {
  const { listings, entries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('experts');
  const invitations = listings.filter((l) => l.acceptedAt === null);
  const listedBy = listings.filter((l) => l.acceptedAt !== null);
  return (
    <article aria-labelledby="mine-title">
      <h1 id="mine-title">{t('mine.title')}</h1>
      <p>{t('mine.lead')}</p>
      {actionData?.errors && actionData.intent !== 'reflect' ? <ErrorSummary formError={actionData.errors.formError} /> : null}

      {invitations.length > 0 ? (
        <section aria-labelledby="invitations-title" className="panel">
          <h2 id="invitations-title">{t('mine.invitationsTitle')}</h2>
          <p className="muted">{t('mine.invitationsLead')}</p>
          <ul className="staff-list">
            {invitations.map((l) => (
              <li key={l.organization.id}>
                <span>{l.organization.name}</span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="organizationId" value={l.organization.id} />
                  <button type="submit" name="intent" value="accept" className="button button--small">
                    {t('mine.accept')}
                    <span className="visually-hidden"> {l.organization.name}</span>
                  </button>{' '}
                  <button type="submit" name="intent" value="leave" className="button button--secondary button--small">
                    {t('mine.decline')}
                    <span className="visually-hidden"> {l.organization.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="listed-title">
        <h2 id="listed-title">{t('mine.listedTitle')}</h2>
        {listedBy.length === 0 ? <p>{t('mine.notListed')}</p> : <p className="muted">{t('mine.leaveLead')}</p>}
        <ul className="staff-list">
          {listedBy.map((l) => (
            <li key={l.organization.id}>
              <span>{l.organization.name}</span>
              <Form method="post">
                <input type="hidden" name="organizationId" value={l.organization.id} />
                <button type="submit" name="intent" value="leave" className="button button--danger button--small">
                  {t('mine.leave')}
                  <span className="visually-hidden"> {l.organization.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="entries-title">
        <h2 id="entries-title">{t('mine.entriesTitle')}</h2>
        <p>
          <a href="/api/me/contributions?format=csv" download>
            {t('mine.csv')}
          </a>
        </p>
        {entries.items.length === 0 ? <p>{t('mine.noEntries')}</p> : null}
        <ul className="contribution-list" data-testid="my-contributions">
          {entries.items.map((c) => {
            const mine = actionData?.intent === 'reflect' && actionData.entryId === c.id ? actionData : undefined;
            return (
              <li key={c.id} className="contribution">
                <h3 className="contribution__title">{c.title}</h3>
                <p>{c.organization.name}</p>
                <ContributionSummary c={c} />
                <Form method="post" className="stack-form">
                  <input type="hidden" name="entryId" value={c.id} />
                  {mine?.done ? (
                    <p className="notice" role="status">
                      {t('mine.reflectionSaved')}
                    </p>
                  ) : null}
                  <ErrorSummary formError={mine?.errors?.formError} fieldErrors={mine?.errors?.fieldErrors} fieldId={() => `reflection-${c.id}`} />
                  <TextAreaField
                    name="reflection"
                    id={`reflection-${c.id}`}
                    label={t('mine.reflection')}
                    hint={t('mine.reflectionHint')}
                    rows={3}
                    maxLength={CONTRIBUTION_REFLECTION_MAX}
                    defaultValue={mine?.values?.reflection ?? c.reflection ?? ''}
                    error={mine?.errors?.fieldErrors.reflection}
                  />
                  <button type="submit" name="intent" value="reflect" className="button button--small">
                    {t('mine.saveReflection')}
                    <span className="visually-hidden"> {c.title}</span>
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
        {entries.nextCursor ? (
          <p>
            <Link to={`?cursor=${encodeURIComponent(entries.nextCursor)}`}>{t('list.older')}</Link>
          </p>
        ) : null}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
