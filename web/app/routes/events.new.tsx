import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser, type SessionUser } from '~/utils/session.server';
import { translatorFor, type FormErrors } from '~/utils/forms.server';
import { eventDetailsSchema, mySpaces, readerZone } from '~/utils/events.server';
import { myOrganizations } from '~/utils/resources.server';
import { eventBody, eventProblemErrors, readEventForm } from '~/utils/event-form.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { EventForm, type EventFormValues } from '~/components/events/EventForm';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { addDays, defaultZone, localDate } from '~/components/events/time';
import eventsStyles from '~/components/events/events.css?url';
import storiesStyles from '~/components/stories/stories.css?url';
import { localRedirect } from '~/utils/redirect.server';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: storiesStyles },
  { rel: 'stylesheet', href: eventsStyles },
];

export const handle: RouteHandle = {
  title: (t) => t('form.newPageTitle', { ns: 'events' }),
};

/**
 * Spaces where the person hosts or moderates, and the organisations they are staff of (public
 * events are always an organisation's; a platform role alone gives none).
 */
async function whereTheyMayAdd(request: Request, user: SessionUser) {
  const [mine, organizations] = await Promise.all([mySpaces(request, user.locale), myOrganizations(request, user.locale)]);
  const spaces = mine.filter((s) => s.membership?.role === 'host' || s.membership?.role === 'moderator');
  return { spaces: spaces.map((s) => ({ id: s.id, name: s.name })), organizations };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { spaces, organizations } = await whereTheyMayAdd(request, user);
  const zone = defaultZone(user.locale, readerZone(request));
  const wanted = new URL(request.url).searchParams.get('space');
  const values: EventFormValues = {
    title: '',
    kind: 'community',
    format: 'in_person',
    description: '',
    date: addDays(localDate(new Date(), zone), 7),
    startTime: '18:00',
    endTime: '20:00',
    timezone: zone,
    allDay: false,
    repeat: 'none',
    customRule: '',
    until: '',
    count: '',
    locationName: '',
    locationAddress: '',
    locationUrl: '',
    accessibility: '',
    practicalities: [],
    interpreters: '',
    capacity: '',
    space: spaces.find((s) => s.id === wanted)?.id ?? spaces[0]?.id ?? (organizations.length > 0 ? 'public' : ''),
    organization: organizations[0]?.id ?? '',
  };
  return { values, spaces, organizations };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const form = readEventForm(await request.formData());
  const { descriptionDoc: _doc, ...values } = form;
  const built = eventBody(form, t, { forUpdate: false });
  if (!built.ok) return data<{ errors: FormErrors; values: EventFormValues }>({ errors: built.errors, values }, { status: 400 });
  const result = await api(request, '/api/events', { method: 'POST', body: built.body, schema: eventDetailsSchema, locale: user.locale });
  if (!result.ok) return data({ errors: eventProblemErrors(result, t), values }, { status: result.status });
  return localRedirect(`/events/${result.data.id}?saved=1`);
}

export default function NewEventPage() {
  const { values, spaces, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('events');
  const canAdd = spaces.length > 0 || organizations.length > 0;
  return (
    <div className="narrow-wide">
      <TimeZoneCookie />
      <p className="breadcrumb">
        <Link to="/events">
          <span aria-hidden="true">← </span>
          {t('details.back')}
        </Link>
      </p>
      <h1>{t('form.newTitle')}</h1>
      {canAdd ? (
        <>
          <p className="lead">{t('form.newLead')}</p>
          <EventForm
            mode="new"
            values={actionData?.values ?? values}
            descriptionDoc={null}
            errors={actionData?.errors}
            spaces={spaces}
            organizations={organizations}
            cancelHref="/events"
          />
        </>
      ) : (
        <div className="notice">
          <p>{t('form.cannotCreate')}</p>
          <p>
            <Link to="/spaces">{t('form.toSpaces')}</Link>
          </p>
          <p>{t('form.cannotCreatePublic')}</p>
          <p>
            <Link to="/organizations/new">{t('form.toNewOrganization')}</Link>
          </p>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
