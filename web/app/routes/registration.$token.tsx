import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { myRegistrationAnswer } from '~/utils/registrations.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { formatDay } from '~/components/events/time';
import { formatDayOnly } from '~/components/registrations/format';
import { ORGANISATION_TYPE_KEYS } from '~/components/registrations/labels';
import { displayNames } from '~/utils/intl-format';

export const handle: RouteHandle = {
  title: (t) => t('mine.pageTitle', { ns: 'registrations' }),
};

/** The private link: whoever holds it sees the registration and may withdraw it; no sign-in. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const result = await api(request, `/api/registrations/${encodeURIComponent(params.token ?? '')}`, { schema: myRegistrationAnswer, locale });
  if (!result.ok) throw new Response('Not found', { status: 404 });
  return { registration: result.data };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await api(request, `/api/registrations/${encodeURIComponent(params.token ?? '')}`, { method: 'DELETE' });
  if (!result.ok && result.status !== 404) throw new Response('Unavailable', { status: result.status });
  return data({ withdrawn: true });
}

export default function MyRegistrationPage() {
  const { registration: r } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation('registrations');
  if (answer?.withdrawn) {
    return (
      <div className="narrow-wide">
        <h1>{t('mine.title')}</h1>
        <p role="status">{t('mine.withdrawn')}</p>
        <p>
          <Link to={`/events/${r.eventId}`}>{t('mine.toEvent')}</Link>
        </p>
      </div>
    );
  }
  const country = displayNames(i18n.language, { type: 'region' }).of(r.country) ?? r.country;
  return (
    <div className="narrow-wide">
      <h1>{t('mine.title')}</h1>
      {params.get('saved') ? (
        <p role="status" className="notice">
          {t('mine.saved')}
        </p>
      ) : null}
      <p>
        {t('mine.lead', { title: r.eventTitle })} ({formatDay(r.startsAt, i18n.language, r.timezone)})
      </p>
      <dl>
        <dt>{t('form.fullName')}</dt>
        <dd>{r.fullName}</dd>
        <dt>{t('form.organisation')}</dt>
        <dd>{r.organisation}</dd>
        <dt>{t('form.organisationAddress')}</dt>
        <dd>{r.organisationAddress}</dd>
        <dt>{t('form.country')}</dt>
        <dd>{country}</dd>
        <dt>{t('form.organisationType')}</dt>
        <dd>{t(ORGANISATION_TYPE_KEYS[r.organisationType])}</dd>
        <dt>{t('form.role')}</dt>
        <dd>{r.role}</dd>
      </dl>
      <p>{t('mine.retention', { date: formatDayOnly(r.retentionUntil, i18n.language) })}</p>
      <Form method="post">
        <p className="field__hint">{t('mine.withdrawHint')}</p>
        <button type="submit" className="button button--danger">
          {t('mine.withdraw')}
        </button>
      </Form>
      <p>
        <Link to={`/events/${r.eventId}`}>{t('mine.toEvent')}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
