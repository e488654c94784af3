import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { notificationListSchema, readerZone, type AppNotification } from '~/utils/events.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { DateTime } from '~/components/ui/DateTime';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { defaultZone, formatShortDay, formatTime } from '~/components/events/time';
import { zoneTimeName } from '~/components/events/labels';
import eventsStyles from '~/components/events/events.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('notifications.pageTitle', { ns: 'events' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/me/notifications', { schema: notificationListSchema, locale: user.locale });
  return { list: result.ok ? result.data : null, readerZone: readerZone(request) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const result = await api(request, '/api/me/notifications/read', { method: 'POST', body: {}, locale: user.locale });
  if (!result.ok) return data<{ errors?: FormErrors; done?: boolean }>({ errors: problemErrors(result, t) }, { status: result.status });
  return data<{ errors?: FormErrors; done?: boolean }>({ done: true });
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** One notification in words; unknown kinds (from newer parts of the site) still say something kind. */
function describe(t: TFunction, n: AppNotification, locale: string, zone: string | null): { text: string; message: string | null; href: string | null } {
  const d = n.data;
  const title = str(d.title) ?? '';
  // The reader's own zone when known; otherwise the event's (or the language's usual one), named.
  const showZone = zone ?? str(d.timezone) ?? defaultZone(locale, null);
  const when = (iso: string | null) =>
    iso && !Number.isNaN(Date.parse(iso))
      ? `${formatShortDay(iso, locale, showZone)} ${formatTime(iso, locale, showZone)}${zone ? '' : ` ${zoneTimeName(t, showZone)}`}`
      : '';
  const eventId = str(d.eventId);
  const occurrence = str(d.occurrence);
  const href = eventId ? `/events/${eventId}${occurrence ? `?${new URLSearchParams({ occurrence })}` : ''}` : null;
  const message = str(d.message);
  switch (n.kind) {
    case 'event.promoted':
      return { text: t('notifications.promoted', { title, date: when(occurrence) }), message: null, href };
    case 'event.reminder':
      return { text: t('notifications.reminder', { title, date: when(str(d.startsAt) ?? occurrence) }), message: null, href };
    case 'event.cancelled':
      return occurrence
        ? { text: t('notifications.cancelledDate', { title, date: when(occurrence) }), message, href }
        : { text: t('notifications.cancelledWhole', { title }), message, href };
    case 'event.moved':
      return { text: t('notifications.moved', { title, date: when(occurrence), newDate: when(str(d.startsAt)) }), message, href };
    case 'event.changed':
      return { text: t('notifications.changed', { title }), message: null, href };
    default:
      return { text: t('notifications.other'), message: null, href };
  }
}

export default function NotificationsPage() {
  const { list, readerZone: zone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('events');
  const navigation = useNavigation();
  const locale = i18n.language;
  return (
    <div className="notifications">
      <TimeZoneCookie />
      <h1>{t('notifications.title')}</h1>
      {actionData?.done ? (
        <p className="notice" role="status">
          {t('notifications.markedRead')}
        </p>
      ) : null}
      {actionData?.errors ? <ErrorSummary formError={actionData.errors.formError} /> : null}
      {list === null ? (
        <p>{t('list.couldNotLoad')}</p>
      ) : list.items.length === 0 ? (
        <p className="empty">{t('notifications.empty')}</p>
      ) : (
        <>
          {list.unread > 0 ? (
            <Form method="post">
              <button type="submit" className="button button--secondary" disabled={navigation.state === 'submitting'}>
                {t('notifications.markAllRead')}
              </button>
            </Form>
          ) : null}
          <ul className="notification-list" data-testid="notifications">
            {list.items.map((n) => {
              const { text, message, href } = describe(t, n, locale, zone);
              return (
                <li key={n.id} className={n.readAt ? 'notification' : 'notification notification--unread'}>
                  {n.readAt ? null : <span className="tag tag--new">{t('notifications.new')}</span>}
                  <p className="notification__text">{text}</p>
                  {message ? <p className="notification__message">{t('details.hostMessage', { message })}</p> : null}
                  <p className="notification__meta">
                    <DateTime value={n.createdAt} locale={locale} />
                    {href ? (
                      <>
                        {' · '}
                        <Link to={href}>{t('notifications.openEvent')}</Link>
                      </>
                    ) : null}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
