import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('emailUnsubscribe.title', { ns: 'events' }),
};

const QUERY = ['u', 'c', 't'] as const;

/**
 * "Stop e-mails like this" from an e-mail's footer, for a person reading it anywhere, signed in or
 * not: the button sends the same signed link the mail provider's one-click unsubscribe uses.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const c = params.get('c') ?? '';
  return { query: Object.fromEntries(QUERY.map((k) => [k, params.get(k) ?? ''])), category: (NOTIFICATION_CATEGORIES as readonly string[]).includes(c) ? (c as NotificationCategory) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const query = new URLSearchParams(QUERY.map((k) => [k, String(form.get(k) ?? '')]));
  const result = await api(request, `/api/notifications/email/unsubscribe?${query}`, { method: 'POST' });
  return data({ done: result.ok }, { status: result.ok ? 200 : 400 });
}

export default function UnsubscribeEmailPage() {
  const { query, category } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation('events');
  const name = category ? t(`notificationSettings.categories.${category}`) : '';
  return (
    <div className="account">
      <h1>{t('emailUnsubscribe.title')}</h1>
      {answer ? (
        <p role="status" className="notice">
          {answer.done ? t('emailUnsubscribe.done', { category: name }) : t('emailVerify.invalid')}
        </p>
      ) : category ? (
        <Form method="post">
          <p>{t('emailUnsubscribe.explain', { category: name })}</p>
          {QUERY.map((k) => (
            <input key={k} type="hidden" name={k} value={query[k]} />
          ))}
          <button type="submit" className="button">
            {t('emailUnsubscribe.button')}
          </button>
        </Form>
      ) : (
        <p>{t('emailVerify.invalid')}</p>
      )}
      <p>
        <Link to="/notifications/settings">{t('emailVerify.settings')}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
