import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { walkInSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { eventReportAnswer, participantFromForm, registrationAnswer, registrationPageAnswer } from '~/utils/registrations.server';
import { staffEvent } from '~/utils/registrations-staff.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { ParticipantFields } from '~/components/registrations/ParticipantFields';
import styles from '~/components/registrations/registrations.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const handle: RouteHandle = {
  title: (t) => t('checkIn.pageTitle', { ns: 'registrations' }),
};

/** At the door: search by name, one tap to check someone in (or undo), and walk-ins added on the spot. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, settings, locale } = await staffEvent(request, params.id ?? '');
  if (!settings) throw new Response('Not found', { status: 404 });
  const url = new URL(request.url);
  const q = url.searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const cursor = url.searchParams.get('cursor') ?? '';
  const query = new URLSearchParams({ limit: '100', ...(q && { q }), ...(cursor && { cursor }) });
  const [list, report] = await Promise.all([
    api(request, `/api/events/${event.id}/registrations?${query}`, { schema: registrationPageAnswer, locale }),
    api(request, `/api/events/${event.id}/report`, { schema: eventReportAnswer, locale }),
  ]);
  if (!list.ok || !report.ok) throw new Response('Unavailable', { status: list.ok ? report.status : list.status });
  return { event: { id: event.id, title: event.title }, settings, q, page: list.data, counts: { registered: report.data.registered, attended: report.data.attended } };
}

type ActionData = { intent: 'walkIn' | 'checkIn'; errors?: FormErrors; values?: Record<string, string | boolean>; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, locale } = await staffEvent(request, params.id ?? '');
  const t = await translatorFor(locale);
  const form = await request.formData();
  if (form.get('intent') === 'checkIn') {
    const id = String(form.get('id') ?? '');
    const result = await api(request, `/api/events/${event.id}/registrations/${encodeURIComponent(id)}/check-in`, {
      method: 'PUT',
      body: { checkedIn: form.get('checkedIn') === 'true' },
      schema: registrationAnswer,
      locale,
    });
    if (!result.ok) return data<ActionData>({ intent: 'checkIn', errors: problemErrors(result, t) }, { status: result.status });
    return data<ActionData>({ intent: 'checkIn' });
  }
  const values = participantFromForm(form);
  const checked = validate(walkInSchema, values, t);
  if (!checked.ok) return data<ActionData>({ intent: 'walkIn', errors: checked.errors, values }, { status: 400 });
  const result = await api(request, `/api/events/${event.id}/registrations/walk-ins`, { method: 'POST', body: checked.data, schema: registrationAnswer, locale });
  if (!result.ok) return data<ActionData>({ intent: 'walkIn', errors: problemErrors(result, t), values }, { status: result.status });
  return data<ActionData>({ intent: 'walkIn', done: t('checkIn.walkInAdded', { ns: 'registrations', name: result.data.fullName }) });
}

export default function CheckInPage() {
  const { event, settings, q, page, counts } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation('registrations');
  const walkIn = answer?.intent === 'walkIn' ? answer : undefined;
  const busy = navigation.state === 'submitting';
  return (
    <div className="narrow-wide">
      <p>
        <Link to={`/events/${event.id}/registrations`}>{t('checkIn.back')}</Link>
      </p>
      <h1>{t('checkIn.title', { title: event.title })}</h1>
      <p role="status">{t('checkIn.count', counts)}</p>
      {answer?.intent === 'checkIn' && answer.errors ? <ErrorSummary formError={answer.errors.formError} fieldErrors={{}} /> : null}
      <Form method="get" role="search" aria-label={t('checkIn.search')} className="editor">
        <label htmlFor="q">{t('checkIn.search')}</label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={200} autoComplete="off" />
        <button type="submit" className="button">
          {t('checkIn.searchSubmit')}
        </button>
      </Form>
      {page.items.length === 0 ? <p>{t('checkIn.none')}</p> : null}
      <ul className="checkin-list">
        {page.items.map((r) => (
          <li key={r.id}>
            <span className="checkin-list__who">
              <strong>{r.fullName}</strong>
              <small>
                {r.organisation} · {r.country}
              </small>
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="checkIn" />
              <input type="hidden" name="id" value={r.id} />
              <input type="hidden" name="checkedIn" value={r.checkedInAt ? 'false' : 'true'} />
              {r.checkedInAt ? (
                <button type="submit" className="button button--secondary" disabled={busy}>
                  ✓ {t('checkIn.checkedIn')} · {t('checkIn.undoShort')}
                  <span className="visually-hidden"> {r.fullName}</span>
                </button>
              ) : (
                <button type="submit" className="button" disabled={busy}>
                  {t('checkIn.checkInShort')}
                  <span className="visually-hidden"> {r.fullName}</span>
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
      {page.nextCursor ? (
        <p>
          <Link to={`?${new URLSearchParams({ ...(q && { q }), cursor: page.nextCursor })}`}>{t('checkIn.next')}</Link>
        </p>
      ) : null}
      <section aria-labelledby="walk-in-title">
        <h2 id="walk-in-title">{t('checkIn.walkInTitle')}</h2>
        <Form method="post" className="editor" noValidate>
          <ErrorSummary formError={walkIn?.errors?.formError} fieldErrors={walkIn?.errors?.fieldErrors ?? {}} />
          {walkIn?.done ? <p role="status">{walkIn.done}</p> : null}
          <input type="hidden" name="intent" value="walkIn" />
          <ParticipantFields
            key={walkIn?.done ?? 'walk-in'}
            values={walkIn?.done ? {} : (walkIn?.values ?? {})}
            errors={walkIn?.errors?.fieldErrors ?? {}}
            consentText={settings.consentText}
            consentLabel={t('checkIn.walkInConsent')}
          />
          <button type="submit" className="button">
            {t('checkIn.walkInSubmit')}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
