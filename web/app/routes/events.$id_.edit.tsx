import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { translatorFor, type FormErrors } from '~/utils/forms.server';
import { eventDetailsSchema } from '~/utils/events.server';
import { myOrganizations } from '~/utils/resources.server';
import { eventBody, eventProblemErrors, readEventForm, valuesFromEvent } from '~/utils/event-form.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { EventForm, type EventFormValues } from '~/components/events/EventForm';
import { docToText } from '~/components/stories/RichTextField';
import eventsStyles from '~/components/events/events.css?url';
import storiesStyles from '~/components/stories/stories.css?url';
import { localRedirect } from '~/utils/redirect.server';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: storiesStyles },
  { rel: 'stylesheet', href: eventsStyles },
];

export const handle: RouteHandle = {
  title: (t) => t('form.editPageTitle', { ns: 'events' }),
};

async function managedEvent(request: Request, id: string, locale: string) {
  const result = await api(request, `/api/events/${encodeURIComponent(id)}`, { schema: eventDetailsSchema, locale });
  if (!result.ok) throw new Response('Not found', { status: result.status === 403 ? 403 : 404 });
  if (!result.data.canManage) throw new Response('Forbidden', { status: 403 });
  return result.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [event, mine] = await Promise.all([managedEvent(request, params.id ?? '', user.locale), myOrganizations(request, user.locale)]);
  // A public event may move to another of the editor's organisations; its own stays listed even
  // for a platform admin who is not its staff.
  const current = event.organization;
  const organizations = event.spaceId === null && current && !mine.some((o) => o.id === current.id) ? [current, ...mine] : mine;
  return { id: event.id, values: valuesFromEvent(event, docToText(event.description)), description: event.description, organizations: event.spaceId === null ? organizations : [] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const id = encodeURIComponent(params.id ?? '');
  const form = readEventForm(await request.formData());
  const { descriptionDoc: _doc, ...values } = form;
  const built = eventBody(form, t, { forUpdate: true });
  if (!built.ok) return data<{ errors: FormErrors; values: EventFormValues }>({ errors: built.errors, values }, { status: 400 });
  const result = await api(request, `/api/events/${id}`, { method: 'PATCH', body: built.body, schema: eventDetailsSchema, locale: user.locale });
  if (!result.ok) return data({ errors: eventProblemErrors(result, t), values }, { status: result.status });
  return localRedirect(`/events/${result.data.id}?saved=1`);
}

export default function EditEventPage() {
  const { id, values, description, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('events');
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/events/${id}`}>
          <span aria-hidden="true">← </span>
          {t('form.back')}
        </Link>
      </p>
      <h1>{t('form.editTitle')}</h1>
      <p className="lead">{t('form.editLead')}</p>
      <EventForm
        mode="edit"
        values={actionData?.values ?? values}
        descriptionDoc={description}
        errors={actionData?.errors}
        spaces={[]}
        organizations={organizations}
        cancelHref={`/events/${id}`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
