import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { reminderPreferencesSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { createdFeedSchema, feedStateSchema, remindersSchema } from '~/utils/events.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import eventsStyles from '~/components/events/events.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('calendar.pageTitle', { ns: 'events' }),
};

/** The reminder choices offered, in minutes before the start. */
const REMINDER_CHOICES = [
  { minutes: 1440, key: 'calendar.reminder1440' },
  { minutes: 60, key: 'calendar.reminder60' },
  { minutes: 15, key: 'calendar.reminder15' },
] as const;

type Intent = 'createFeed' | 'revokeFeed' | 'reminders';
interface CalendarActionData {
  intent: Intent;
  errors?: FormErrors;
  address?: string;
  done?: boolean;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [feed, reminders] = await Promise.all([
    api(request, '/api/me/calendar-feed', { schema: feedStateSchema, locale: user.locale }),
    api(request, '/api/me/reminders', { schema: remindersSchema, locale: user.locale }),
  ]);
  return {
    feedActive: feed.ok ? feed.data.active : null,
    reminders: reminders.ok ? reminders.data.minutesBefore : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '') as Intent;
  const fail = (errors: FormErrors, status: number) => data<CalendarActionData>({ intent, errors }, { status });
  if (intent === 'createFeed') {
    const result = await api(request, '/api/me/calendar-feed', { method: 'POST', schema: createdFeedSchema, locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    // The web passes /api through to the API, so the address is on this site's own origin.
    const origin = new URL(request.url).origin;
    return data<CalendarActionData>({ intent, address: `${origin}${result.data.path}` });
  }
  if (intent === 'revokeFeed') {
    const result = await api(request, '/api/me/calendar-feed', { method: 'DELETE', locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return data<CalendarActionData>({ intent, done: true });
  }
  if (intent === 'reminders') {
    const minutesBefore = form
      .getAll('minutesBefore')
      .map(Number)
      .filter((m) => REMINDER_CHOICES.some((c) => c.minutes === m));
    const checked = validate(reminderPreferencesSchema, { minutesBefore }, t);
    if (!checked.ok) return fail(checked.errors, 400);
    const result = await api(request, '/api/me/reminders', { method: 'PUT', body: checked.data, locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return data<CalendarActionData>({ intent, done: true });
  }
  return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
}

export default function CalendarSettingsPage() {
  const { feedActive, reminders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('events');
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const feedResult = actionData?.intent === 'createFeed' || actionData?.intent === 'revokeFeed' ? actionData : undefined;
  const reminderResult = actionData?.intent === 'reminders' ? actionData : undefined;
  const webcal = feedResult?.address?.replace(/^https?:/, 'webcal:');
  return (
    <div className="account calendar-settings">
      <p className="breadcrumb">
        <Link to="/account">
          <span aria-hidden="true">← </span>
          {t('calendar.backToAccount')}
        </Link>
      </p>
      <h1>{t('calendar.title')}</h1>

      <section className="panel" aria-labelledby="feed-title">
        <h2 id="feed-title">{t('calendar.feedTitle')}</h2>
        <p>{t('calendar.feedExplain')}</p>
        {feedResult?.errors ? <ErrorSummary formError={feedResult.errors.formError} /> : null}
        {feedResult?.address ? (
          <div className="once-box" role="status">
            <p>
              <strong>{t('calendar.feedCreated')}</strong>
            </p>
            <p>
              <label htmlFor="feed-address">{t('calendar.feedAddressLabel')}</label>
              <input id="feed-address" className="feed-address" readOnly value={feedResult.address} data-testid="feed-address" />
            </p>
            <p>{t('calendar.feedHowTo')}</p>
            <p>{t('calendar.feedOnce')}</p>
            {webcal ? (
              <p>
                <a href={webcal}>{t('calendar.feedOpen')}</a>
              </p>
            ) : null}
          </div>
        ) : feedResult?.done ? (
          <p className="notice" role="status">
            {t('calendar.feedRevoked')}
          </p>
        ) : feedActive === null ? (
          <p>{t('list.couldNotLoad')}</p>
        ) : (
          <p>{feedActive ? t('calendar.feedActive') : t('calendar.feedNone')}</p>
        )}
        <div className="button-row">
          <Form method="post">
            <input type="hidden" name="intent" value="createFeed" />
            <button type="submit" className="button" disabled={busy}>
              {feedActive || feedResult?.address ? t('calendar.feedRotate') : t('calendar.feedCreate')}
            </button>
          </Form>
          {(feedActive && !feedResult?.done) || feedResult?.address ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revokeFeed" />
              <button type="submit" className="button button--danger" disabled={busy}>
                {t('calendar.feedRevoke')}
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      <section className="panel" aria-labelledby="reminders-title">
        <h2 id="reminders-title">{t('calendar.remindersTitle')}</h2>
        {reminderResult?.done ? (
          <p className="notice" role="status">
            {t('calendar.remindersSaved')}
          </p>
        ) : null}
        {reminderResult?.errors ? <ErrorSummary formError={reminderResult.errors.formError} fieldErrors={reminderResult.errors.fieldErrors} /> : null}
        {reminders === null ? (
          <p>{t('list.couldNotLoad')}</p>
        ) : (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="reminders" />
            <fieldset className="field">
              <legend>{t('calendar.remindersLegend')}</legend>
              <p className="field__hint">{t('calendar.remindersExplain')}</p>
              {REMINDER_CHOICES.map((choice) => (
                <div className="choice" key={choice.minutes}>
                  <input type="checkbox" id={`reminder-${choice.minutes}`} name="minutesBefore" value={choice.minutes} defaultChecked={reminders.includes(choice.minutes)} />
                  <label htmlFor={`reminder-${choice.minutes}`}>{t(choice.key)}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" className="button" disabled={busy}>
              {t('calendar.remindersSave')}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
