import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { eventRegistrationSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate } from '~/utils/forms.server';
import { eventDetailsSchema } from '~/utils/events.server';
import { participantFromForm, registeredAnswer, registrationSettingsAnswer } from '~/utils/registrations.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { RegistrationForm } from '~/components/registrations/RegistrationSection';
import styles from '~/components/registrations/registrations.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const handle: RouteHandle = {
  title: (t) => t('form.pageTitle', { ns: 'registrations' }),
};

async function load(request: Request, id: string) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const [event, settings] = await Promise.all([
    api(request, `/api/events/${encodeURIComponent(id)}`, { schema: eventDetailsSchema, locale }),
    api(request, `/api/events/${encodeURIComponent(id)}/registration-settings`, { schema: registrationSettingsAnswer, locale }),
  ]);
  if (!event.ok || !settings.ok) throw new Response('Not found', { status: 404 });
  return { locale, event: event.data, settings: settings.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, settings } = await load(request, params.id ?? '');
  return { event: { id: event.id, title: event.title }, settings };
}

/** No account needed: the API keeps none with the registration, and answers the private link. */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? '';
  const { locale } = await load(request, id);
  const t = await translatorFor(locale);
  const form = await request.formData();
  const values = participantFromForm(form);
  const checked = validate(eventRegistrationSchema, values, t);
  if (!checked.ok) return data({ errors: checked.errors, values }, { status: 400 });
  const result = await api(request, `/api/events/${encodeURIComponent(id)}/registrations`, { method: 'POST', body: checked.data, schema: registeredAnswer, locale });
  if (!result.ok) return data({ errors: problemErrors(result, t), values }, { status: result.status });
  return redirect(`/registration/${result.data.token}?saved=1`);
}

export default function RegisterPage() {
  const { event, settings } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation('registrations');
  return (
    <div className="narrow-wide">
      <p>
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t('form.title')}</h1>
      <RegistrationForm eventId={event.id} settings={settings} values={answer?.values} errors={answer?.errors.fieldErrors} formError={answer?.errors.formError} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
