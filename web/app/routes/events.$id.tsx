import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RSVP_STATUSES, cancelEventSchema, type EventDetails, type EventOccurrence, type RsvpStatus } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser, withCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { eventMaterials, feedbackForm } from '~/utils/event-extras.server';
import { MaterialList } from '~/components/events/MaterialList';
import { attendeeListSchema, eventDetailsSchema, occurrenceListSchema, readerSpaces, readerZone, rsvpResultSchema, type Attendee } from '~/utils/events.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { FORMAT_KEYS, KIND_KEYS, countsText, myStatusText, whenText, zoneTimeName } from '~/components/events/labels';
import { Practicalities } from '~/components/events/Practicalities';
import { RsvpButtons } from '~/components/events/RsvpButtons';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { occurrenceHref } from '~/components/events/OccurrenceItem';
import { formatDay, formatShortDay, isoWithOffset, localDate, localTime, zonedToInstant } from '~/components/events/time';
import eventsStyles from '~/components/events/events.css?url';
import { ReportLink } from '~/components/moderation/ReportLink';
import { VerifiedMark } from '~/components/resources/VerifiedMark';
import { RegistrationSection } from '~/components/registrations/RegistrationSection';
import { registrationSettingsAnswer } from '~/utils/registrations.server';
import registrationsStyles from '~/components/registrations/registrations.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: eventsStyles },
  { rel: 'stylesheet', href: registrationsStyles },
];

export const handle: RouteHandle = {
  title: (t) => t('details.pageTitle', { ns: 'events' }),
};

const DAY = 86_400_000;
/** How many of a series' coming dates the page lists, each with its own answer. */
const NEXT_DATES = 6;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  const { user, answer: detailsResult } = await withCurrentUser(request, (locale) => api(request, `/api/events/${encodeURIComponent(id)}`, { schema: eventDetailsSchema, locale }));
  const locale = await resolveLocale(request, user?.locale);
  if (!detailsResult.ok) {
    if (detailsResult.status === 404 || detailsResult.status === 400 || detailsResult.status === 422) throw new Response('Not found', { status: 404 });
    throw new Response('Unavailable', { status: detailsResult.status });
  }
  const event = detailsResult.data;
  const url = new URL(request.url);
  const requested = url.searchParams.get('occurrence');
  const requestedTime = requested ? Date.parse(requested) : NaN;
  const now = Date.now();
  const anchor = Number.isFinite(requestedTime) ? requestedTime : event.rrule ? now : Date.parse(event.startsAt);
  const from = Math.min(anchor, now) - DAY;
  const to = Math.min(from + 400 * DAY, Math.max(from + 120 * DAY, anchor + 2 * DAY));
  const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), kind: event.kind });
  if (event.spaceId) query.set('spaceId', event.spaceId);
  // The space's name, for a reader who belongs to it: from their spaces, in the same answer.
  if (user && event.spaceId) query.set('include', 'mySpaces');
  // A multiplier event of an organisation may take registrations (404 when it does not).
  const takesRegistrations = event.kind === 'multiplier' && event.organizationId !== null;
  const [list, materials, feedback, registration] = await Promise.all([
    api(request, `/api/events?${query}`, { schema: occurrenceListSchema, locale }),
    eventMaterials(request, event.id, locale),
    feedbackForm(request, event.id, locale),
    takesRegistrations ? api(request, `/api/events/${event.id}/registration-settings`, { schema: registrationSettingsAnswer, locale }) : null,
  ]);
  const occurrences = list.ok ? list.data.items.filter((o) => o.eventId === event.id) : [];
  const selected =
    (Number.isFinite(requestedTime) ? occurrences.find((o) => Date.parse(o.occurrence) === requestedTime) : undefined) ??
    occurrences.find((o) => Date.parse(o.endsAt) > now && !o.cancelled) ??
    occurrences.find((o) => Date.parse(o.endsAt) > now) ??
    occurrences[0] ??
    null;
  const upcoming = event.rrule ? occurrences.filter((o) => Date.parse(o.endsAt) > now && o !== selected).slice(0, NEXT_DATES) : [];

  // When the dates could not be read (an event long past, outside the window the API serves), the
  // space is still named and linked for a member.
  const mine = user && event.spaceId ? await readerSpaces(request, locale, list) : [];
  const space = mine.find((s) => s.id === event.spaceId);

  let attendees: Attendee[] | null = null;
  if (event.canManage && selected) {
    const result = await api(request, `/api/events/${event.id}/attendees?${new URLSearchParams({ occurrence: selected.occurrence })}`, {
      schema: attendeeListSchema,
      locale,
    });
    attendees = result.ok ? result.data.items : null;
  }
  return {
    event,
    selected,
    upcoming,
    attendees,
    materials,
    feedback,
    signedIn: Boolean(user),
    takesRegistrations,
    registrationSettings: registration?.ok ? registration.data : null,
    readerZone: readerZone(request),
    now,
    spaceName: space?.name ?? null,
    spaceSlug: space?.slug ?? null,
  };
}

type Intent = 'rsvp' | 'cancel' | 'move';
interface EventActionData {
  intent: Intent;
  errors?: FormErrors;
  values?: Record<string, string>;
  status?: RsvpStatus;
  position?: number;
  occurrence?: string;
  done?: boolean;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const id = encodeURIComponent(params.id ?? '');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '') as Intent;
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) => data<EventActionData>({ intent, errors, values }, { status });

  if (intent === 'rsvp') {
    const status = text('status');
    const occurrence = text('occurrence');
    if (!(RSVP_STATUSES as readonly string[]).includes(status)) return fail({ formError: t('validation.rsvpStatus', { ns: 'errors' }), fieldErrors: {} }, 400);
    const result = await api(request, `/api/events/${id}/rsvp`, {
      method: 'POST',
      body: { status, ...(occurrence && { occurrence }) },
      schema: rsvpResultSchema,
      locale,
    });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return data<EventActionData>({ intent, status: result.data.status as RsvpStatus, position: result.data.position, occurrence, done: true });
  }

  if (intent === 'cancel') {
    const values = { scope: text('scope'), message: text('message'), occurrence: text('occurrence') };
    const body = { ...(values.message.trim() && { message: values.message.trim() }), ...(values.scope === 'occurrence' && values.occurrence && { occurrence: values.occurrence }) };
    const checked = validate(cancelEventSchema, body, t);
    if (!checked.ok) return fail(checked.errors, 400, values);
    const result = await api(request, `/api/events/${id}/cancel`, { method: 'POST', body: checked.data, locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status, values);
    return data<EventActionData>({ intent, done: true });
  }

  if (intent === 'move') {
    const values = { occurrence: text('occurrence'), date: text('moveDate'), startTime: text('moveStart'), endTime: text('moveEnd'), message: text('moveMessage'), zone: text('zone') };
    const fieldErrors: Record<string, string> = {};
    const startsAt = zonedToInstant(values.date, values.startTime, values.zone);
    const endsAt = zonedToInstant(values.date, values.endTime, values.zone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) fieldErrors.moveDate = t('form.errors.date', { ns: 'events' });
    if (!startsAt) fieldErrors.moveStart = t('form.errors.time', { ns: 'events' });
    if (!endsAt) fieldErrors.moveEnd = t('form.errors.time', { ns: 'events' });
    else if (startsAt && endsAt <= startsAt) fieldErrors.moveEnd = t('validation.endBeforeStart', { ns: 'errors' });
    if (Object.keys(fieldErrors).length > 0 || !startsAt || !endsAt) return fail({ fieldErrors }, 400, values);
    const result = await api(request, `/api/events/${id}/move`, {
      method: 'POST',
      body: {
        occurrence: values.occurrence,
        startsAt: isoWithOffset(startsAt, values.zone),
        endsAt: isoWithOffset(endsAt, values.zone),
        ...(values.message.trim() && { message: values.message.trim() }),
      },
      locale,
    });
    if (!result.ok) {
      const errors = problemErrors(result, t);
      // The API names its fields startsAt/endsAt; the form calls them moveStart/moveEnd.
      const renamed: Record<string, string> = {};
      for (const [field, message] of Object.entries(errors.fieldErrors)) renamed[field === 'startsAt' ? 'moveStart' : field === 'endsAt' ? 'moveEnd' : field] = message;
      return fail({ ...errors, fieldErrors: renamed }, result.status, values);
    }
    return data<EventActionData>({ intent, done: true });
  }

  return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
}

export default function EventPage() {
  const { event, selected, upcoming, signedIn, takesRegistrations, registrationSettings, readerZone: zone, now, spaceName, spaceSlug, materials, feedback } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('events');
  const locale = i18n.language;
  const [searchParams] = useSearchParams();
  const timing = selected ?? { startsAt: event.startsAt, endsAt: event.endsAt, timezone: event.timezone, allDay: event.allDay };
  const wholeCancelled = event.cancelledAt !== null;
  const dateCancelled = !wholeCancelled && Boolean(selected?.cancelled);
  const past = Date.parse(timing.endsAt) < now;
  const rsvpResult = actionData?.intent === 'rsvp' ? actionData : undefined;
  const place = [event.location.name, event.location.address].filter(Boolean);

  return (
    <article className="event" aria-labelledby="event-title">
      <TimeZoneCookie />
      <p className="breadcrumb">
        <Link to="/events">
          <span aria-hidden="true">← </span>
          {t('details.back')}
        </Link>
      </p>
      {searchParams.get('saved') === '1' ? (
        <p className="notice" role="status">
          {t('form.savedNotice')}
        </p>
      ) : null}
      <h1 id="event-title">{event.title}</h1>
      <p className="event__facts">
        <span className="tag">{t(KIND_KEYS[event.kind])}</span>
        <span className="tag" data-testid="event-format">{t(FORMAT_KEYS[event.format])}</span>
        {event.spaceId === null ? <span>{t('list.openToAll')}</span> : spaceName ? (
          <span>
            {spaceSlug ? <Link to={`/spaces/${spaceSlug}`}>{t('list.inSpace', { name: spaceName })}</Link> : t('list.inSpace', { name: spaceName })}
          </span>
        ) : null}
        {event.rrule ? <span>{t('list.repeats')}</span> : null}
      </p>

      {wholeCancelled || dateCancelled ? (
        <div className="event-alert event-alert--cancelled" role="note">
          <p>
            <strong>{wholeCancelled ? t('details.cancelledEvent') : t('details.cancelledDate')}</strong>
          </p>
          {(wholeCancelled ? event.cancelMessage : selected?.cancelMessage) ? (
            <p>{t('details.hostMessage', { message: (wholeCancelled ? event.cancelMessage : selected?.cancelMessage) ?? '' })}</p>
          ) : null}
        </div>
      ) : selected?.moved ? (
        <div className="event-alert" role="note">
          <p>
            <strong>{t('details.movedDate')}</strong>
          </p>
        </div>
      ) : null}

      <section aria-labelledby="when-title" className="event__section">
        <h2 id="when-title">{t('details.whenTitle')}</h2>
        <p className="event__day" id="selected-date">
          {formatDay(timing.startsAt, locale, timing.timezone)}
        </p>
        <p className="event__time">{whenText(t, locale, timing, zone)}</p>
        {past ? <p className="muted">{t('details.past')}</p> : null}
      </section>

      {place.length > 0 || event.location.url || event.location.accessibility ? (
        <section aria-labelledby="where-title" className="event__section">
          <h2 id="where-title">{t('details.whereTitle')}</h2>
          {event.location.name ? <p className="event__place">{event.location.name}</p> : null}
          {event.location.address ? <p>{event.location.address}</p> : null}
          {event.location.url ? (
            <p>
              <a href={event.location.url} rel="noopener noreferrer" target="_blank">
                {t('details.onlineLink')}
              </a>
            </p>
          ) : null}
          {event.location.accessibility ? (
            <>
              <h3>{t('details.accessibilityTitle')}</h3>
              <p className="event__accessibility">{event.location.accessibility}</p>
            </>
          ) : null}
        </section>
      ) : null}

      {event.practicalities.length > 0 || event.interpreters.length > 0 ? (
        <section aria-labelledby="practical-title" className="event__section">
          <h2 id="practical-title">{t('details.practicalTitle')}</h2>
          <Practicalities items={event.practicalities} />
          {event.interpreters.length > 0 ? <p>{t('details.interpreters', { languages: event.interpreters.join(', ') })}</p> : null}
        </section>
      ) : null}

      <section aria-labelledby="rsvp-title" className="event__section event__rsvp">
        <h2 id="rsvp-title">{t('details.rsvpTitle')}</h2>
        {selected ? <p className="event__counts">{countsText(t, selected)}</p> : null}
        {rsvpResult?.done && rsvpResult.occurrence === selected?.occurrence ? (
          <p className="notice" role="status" data-testid="rsvp-answer">
            {myStatusText(t, rsvpResult.status ?? null, rsvpResult.position)}
          </p>
        ) : selected?.myStatus ? (
          <p className="event__my-status" data-testid="rsvp-answer">
            <strong>{myStatusText(t, selected.myStatus, selected.myWaitlistPosition)}</strong>
          </p>
        ) : null}
        {rsvpResult?.errors ? <ErrorSummary formError={rsvpResult.errors.formError} fieldErrors={rsvpResult.errors.fieldErrors} /> : null}
        {wholeCancelled || dateCancelled ? null : past ? null : !signedIn ? (
          <p>
            <Link to={`/login?${new URLSearchParams({ redirectTo: selected ? occurrenceHref(selected) : `/events/${event.id}` })}`}>{t('details.loginToAnswer')}</Link>
          </p>
        ) : selected ? (
          <RsvpButtons occurrence={selected.occurrence} current={selected.myStatus} describedBy="selected-date" />
        ) : null}
        {event.location.url === null && !wholeCancelled ? <p className="muted">{t('details.onlineHint')}</p> : null}
      </section>

      {event.descriptionHtml.trim() ? (
        <section aria-labelledby="about-title" className="event__section">
          <h2 id="about-title">{t('details.aboutTitle')}</h2>
          {/* Sanitised by the API from the stored document; never HTML from a browser. */}
          <div className="event__description rich-text-output" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
          <Organizer event={event} />
        </section>
      ) : (
        <Organizer event={event} />
      )}

      {materials.length > 0 ? (
        <section aria-labelledby="materials-title" className="event__section">
          <h2 id="materials-title">{t('materials.sectionTitle')}</h2>
          <MaterialList items={materials} />
        </section>
      ) : null}

      {feedback?.open && !feedback.answered && !event.canManage ? (
        <section aria-labelledby="feedback-title" className="event__section">
          <h2 id="feedback-title">{t('feedback.sectionTitle')}</h2>
          <p>{t('feedback.invite')}</p>
          <p>
            <Link to={`/events/${event.id}/feedback`} className="button">
              {t('feedback.give')}
            </Link>
          </p>
        </section>
      ) : feedback?.answered ? (
        <p className="muted">{t('feedback.alreadyAnswered')}</p>
      ) : null}

      {upcoming.length > 0 ? <NextDates upcoming={upcoming} signedIn={signedIn} rsvpResult={rsvpResult} /> : null}

      {takesRegistrations && !wholeCancelled ? <RegistrationSection eventId={event.id} settings={registrationSettings} canManage={event.canManage} /> : null}

      <section aria-labelledby="calendar-title" className="event__section">
        <h2 id="calendar-title">{t('details.calendarTitle')}</h2>
        <p>
          <a href={`/api/events/${event.id}.ics`} download={`${event.id}.ics`} className="button button--secondary">
            {t('details.addToCalendar')}
          </a>
        </p>
        <p className="muted">{t('details.addToCalendarHint')}</p>
      </section>

      {event.canManage ? <HostTools /> : null}
      {signedIn && !event.canManage ? (
        <p className="event__report">
          <ReportLink targetType="event" targetId={event.id} />
        </p>
      ) : null}
    </article>
  );
}

function NextDates({ upcoming, signedIn, rsvpResult }: { upcoming: EventOccurrence[]; signedIn: boolean; rsvpResult?: EventActionData }) {
  const { t, i18n } = useTranslation('events');
  const { readerZone: zone } = useLoaderData<typeof loader>();
  const locale = i18n.language;
  return (
    <section aria-labelledby="next-title" className="event__section">
      <h2 id="next-title">{t('details.nextDatesTitle')}</h2>
      <ul className="next-dates">
        {upcoming.map((o) => {
          const dateId = `date-${Date.parse(o.occurrence)}`;
          const answered = rsvpResult?.done && rsvpResult.occurrence === o.occurrence;
          const status = answered ? myStatusText(t, rsvpResult.status ?? null, rsvpResult.position) : myStatusText(t, o.myStatus, o.myWaitlistPosition);
          return (
            <li key={o.occurrence} className="next-dates__item" data-testid="next-date">
              <p className="next-dates__when" id={dateId}>
                <Link to={occurrenceHref(o)}>{formatDay(o.startsAt, locale, o.timezone)}</Link>
                <br />
                {whenText(t, locale, o, zone)}
              </p>
              {o.cancelled ? (
                <p>
                  <strong>{t('list.cancelled')}</strong>
                  {o.cancelMessage ? ` — ${t('details.hostMessage', { message: o.cancelMessage })}` : null}
                </p>
              ) : (
                <>
                  <p className="muted">{countsText(t, o)}</p>
                  {status ? (
                    <p role={answered ? 'status' : undefined}>
                      <strong>{status}</strong>
                    </p>
                  ) : null}
                  {signedIn ? <RsvpButtons occurrence={o.occurrence} current={answered ? (rsvpResult.status ?? null) : o.myStatus} describedBy={dateId} /> : null}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function HostTools() {
  const { event, selected, attendees } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('events');
  const navigation = useNavigation();
  const locale = i18n.language;
  const busy = navigation.state === 'submitting';
  const cancelResult = actionData?.intent === 'cancel' ? actionData : undefined;
  const moveResult = actionData?.intent === 'move' ? actionData : undefined;
  const moveErrors = moveResult?.errors?.fieldErrors ?? {};
  const zone = event.timezone;
  const dateLabel = selected ? formatShortDay(selected.startsAt, locale, zone) : '';
  const statusKeys: Record<string, string> = {
    going: 'rsvp.going',
    maybe: 'rsvp.maybe',
    declined: 'rsvp.declined',
    waitlisted: 'rsvp.waitlisted',
  };
  return (
    <section aria-labelledby="host-title" className="event__section host-tools">
      <h2 id="host-title">{t('host.title')}</h2>
      <p>
        <Link to={`/events/${event.id}/edit`} className="button button--secondary">
          {t('host.edit')}
        </Link>
      </p>
      <p>
        <Link to={`/events/${event.id}/materials`}>{t('host.materials')}</Link>
      </p>
      <p>
        <Link to={`/events/${event.id}/feedback-results`}>{t('host.feedback')}</Link>
      </p>

      {selected ? (
        <>
          <h3>{t('host.attendeesTitle', { date: dateLabel })}</h3>
          {attendees === null ? (
            <p>{t('list.couldNotLoad')}</p>
          ) : attendees.length === 0 ? (
            <p>{t('host.attendeesNone')}</p>
          ) : (
            <ul className="plain-list" data-testid="attendees">
              {attendees.map((a) => (
                <li key={a.user.id} className="plain-list__item">
                  {a.user.displayName ?? a.user.username} <span className="muted">@{a.user.username}</span> — {statusKeys[a.status] ? t(statusKeys[a.status]) : a.status}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}

      {event.cancelledAt === null ? (
        <details className="host-tools__panel" open={Boolean(cancelResult?.errors)}>
          <summary>{t('host.cancelTitle')}</summary>
          {cancelResult?.done ? (
            <p className="notice" role="status">
              {t('host.cancelledNotice')}
            </p>
          ) : null}
          {cancelResult?.errors ? <ErrorSummary formError={cancelResult.errors.formError} fieldErrors={cancelResult.errors.fieldErrors} /> : null}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="cancel" />
            {selected ? <input type="hidden" name="occurrence" value={selected.occurrence} /> : null}
            {event.rrule && selected ? (
              <fieldset className="field">
                <legend>{t('host.cancelWhat')}</legend>
                <div className="choice">
                  <input type="radio" id="scope-occurrence" name="scope" value="occurrence" defaultChecked />
                  <label htmlFor="scope-occurrence">{t('host.cancelThisDate', { date: dateLabel })}</label>
                </div>
                <div className="choice">
                  <input type="radio" id="scope-event" name="scope" value="event" />
                  <label htmlFor="scope-event">{t('host.cancelWhole')}</label>
                </div>
              </fieldset>
            ) : (
              <input type="hidden" name="scope" value="event" />
            )}
            <TextAreaField name="message" id="cancel-message" label={t('host.cancelMessage')} hint={t('host.cancelMessageHint')} rows={3} defaultValue={cancelResult?.values?.message} />
            <button type="submit" className="button button--danger" disabled={busy}>
              {t('host.cancelSubmit')}
            </button>
          </Form>
        </details>
      ) : null}

      {selected && event.rrule && event.cancelledAt === null && !selected.cancelled ? (
        <details className="host-tools__panel" open={Boolean(moveResult?.errors)}>
          <summary>{t('host.moveTitle', { date: dateLabel })}</summary>
          {moveResult?.done ? (
            <p className="notice" role="status">
              {t('host.movedNotice')}
            </p>
          ) : null}
          {moveResult?.errors ? <ErrorSummary formError={moveResult.errors.formError} fieldErrors={moveErrors} /> : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="occurrence" value={selected.occurrence} />
            <input type="hidden" name="zone" value={zone} />
            <p className="field__hint">{t('host.moveZone', { zone: zoneTimeName(t, zone) })}</p>
            <TextField name="moveDate" type="date" label={t('form.fields.date')} error={moveErrors.moveDate} defaultValue={moveResult?.values?.date ?? localDate(selected.startsAt, zone)} required />
            <TextField name="moveStart" type="time" label={t('form.fields.startTime')} error={moveErrors.moveStart} defaultValue={moveResult?.values?.startTime ?? localTime(selected.startsAt, zone)} required />
            <TextField name="moveEnd" type="time" label={t('form.fields.endTime')} error={moveErrors.moveEnd} defaultValue={moveResult?.values?.endTime ?? localTime(selected.endsAt, zone)} required />
            <TextAreaField name="moveMessage" label={t('host.cancelMessage')} rows={3} defaultValue={moveResult?.values?.message} />
            <button type="submit" className="button" disabled={busy}>
              {t('host.moveSubmit')}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** Who runs a public event: its organisation, linked, with its verified or "not yet verified" mark. */
function Organizer({ event }: { event: EventDetails }) {
  const { t } = useTranslation('events');
  const org = event.organization;
  if (!org) return event.organizer ? <p>{t('details.organizer', { name: event.organizer })}</p> : null;
  return (
    <p className="event__organizer">
      <Link to={`/organizations/${org.slug}`}>{t('details.organizer', { name: org.name })}</Link> <VerifiedMark verified={org.verified} />
    </p>
  );
}
