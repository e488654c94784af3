import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('emailVerify.title', { ns: 'events' }),
};

/**
 * The confirmation link from the e-mail. Opening it confirms nothing (mail scanners open links);
 * the button does, signed in or not, so it works on whichever device the e-mail is read.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await api(request, '/api/notifications/email/verify', { method: 'POST', body: { token: String(form.get('token') ?? '') } });
  return data({ verified: result.ok }, { status: result.ok ? 200 : result.status === 404 || result.status === 422 ? 400 : result.status });
}

export default function VerifyEmailPage() {
  const { token } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation('events');
  return (
    <div className="account">
      <h1>{t('emailVerify.title')}</h1>
      {answer ? (
        <p role="status" className="notice">
          {answer.verified ? t('emailVerify.done') : t('emailVerify.invalid')}
        </p>
      ) : (
        <Form method="post">
          <p>{t('emailVerify.explain')}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="button">
            {t('emailVerify.button')}
          </button>
        </Form>
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
