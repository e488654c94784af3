import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser, withSignedInUser } from '~/utils/session.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { notificationListSchema, readerZone } from '~/utils/events.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { DateTime } from '~/components/ui/DateTime';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { describe, isKnown } from '~/components/notifications/describe';
import eventsStyles from '~/components/events/events.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('notifications.pageTitle', { ns: 'events' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get('show') === 'unread';
  const cursor = url.searchParams.get('cursor');
  const query = new URLSearchParams({ limit: '30', ...(unreadOnly && { unread: 'true' }), ...(cursor && cursor.length <= 200 && { cursor }) });
  const { answer: result } = await withSignedInUser(request, (locale) => api(request, `/api/notifications?${query}`, { schema: notificationListSchema, locale }));
  return { list: result.ok ? result.data : null, readerZone: readerZone(request), unreadOnly };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const result = await api(request, '/api/me/notifications/read', { method: 'POST', body: {}, locale: user.locale });
  if (!result.ok) return data<{ errors?: FormErrors; done?: boolean }>({ errors: problemErrors(result, t) }, { status: result.status });
  return data<{ errors?: FormErrors; done?: boolean }>({ done: true });
}

export default function NotificationsPage() {
  const { list, readerZone: zone, unreadOnly } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('events');
  const navigation = useNavigation();
  const locale = i18n.language;
  return (
    <div className="notifications">
      <TimeZoneCookie />
      <h1>{t('notifications.title')}</h1>
      <p>
        <Link to="/notifications/settings">{t('notifications.settingsLink')}</Link>
      </p>
      <Form method="get" className="notification-filter">
        <fieldset>
          <legend>{t('notifications.filter.legend')}</legend>
          <label>
            <input type="radio" name="show" value="all" defaultChecked={!unreadOnly} /> {t('notifications.filter.all')}
          </label>
          <label>
            <input type="radio" name="show" value="unread" defaultChecked={unreadOnly} /> {t('notifications.filter.unread')}
          </label>
          <button type="submit" className="button button--secondary">
            {t('notifications.filter.apply')}
          </button>
        </fieldset>
      </Form>
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
            {list.items.filter(isKnown).map((n) => {
              const { text, message, until, href, linkText } = describe(t, { kind: n.kind, data: n.data as Record<string, unknown> }, locale, zone);
              return (
                <li key={n.id} className={n.readAt ? 'notification' : 'notification notification--unread'}>
                  {n.readAt ? null : <span className="tag tag--new">{t('notifications.new')}</span>}
                  <p className="notification__text">{text}</p>
                  {message ? <p className="notification__message">{message}</p> : null}
                  {until ? <p className="notification__message">{until}</p> : null}
                  <p className="notification__meta">
                    <DateTime value={n.createdAt} locale={locale} />
                    {href ? (
                      <>
                        {' · '}
                        <Link to={href}>{linkText}</Link>
                      </>
                    ) : null}
                  </p>
                </li>
              );
            })}
          </ul>
          {list.nextCursor ? (
            <p>
              <Link to={`/notifications?${new URLSearchParams({ ...(unreadOnly && { show: 'unread' }), cursor: list.nextCursor })}`}>{t('notifications.older')}</Link>
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
