import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { inclusionsSchema } from '~/utils/handbook.server';
import { dateTimeFormat } from '~/utils/intl-format';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';

export const handle: RouteHandle = { title: (t) => t('mine.title', { ns: 'handbook' }) };

/** Where the person's stories are in handbook editions, with one button to take each out. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const mine = await api(request, '/api/me/handbook', { schema: inclusionsSchema, locale });
  if (!mine.ok) throw new Response(null, { status: 503 });
  return { items: mine.data.items, locale };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const form = await request.formData();
  const editionId = String(form.get('editionId') ?? '');
  if (!/^[0-9a-f-]{36}$/i.test(editionId)) throw new Response(null, { status: 404 });
  const done = await api(request, `/api/handbook/editions/${editionId}/withdraw`, { method: 'POST', body: { storyId: String(form.get('storyId') ?? '') }, locale, schema: inclusionsSchema });
  if (done.ok) return redirect('/account/handbook');
  return data<{ errors: FormErrors }>({ errors: problemErrors(done, t) }, { status: done.status });
}

export default function MyHandbookPage() {
  const { items, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { errors: FormErrors } | undefined;
  const { t } = useTranslation('handbook');
  const day = dateTimeFormat(locale, { dateStyle: 'long' });
  return (
    <article aria-labelledby="mine-title">
      <h1 id="mine-title">{t('mine.title')}</h1>
      <p>{t('mine.intro')}</p>
      <ErrorSummary formError={actionData?.errors.formError} fieldErrors={actionData?.errors.fieldErrors} />
      {items.length === 0 ? (
        <p>{t('mine.empty')}</p>
      ) : (
        <ul className="card-list">
          {items.map((i) => (
            <li key={`${i.editionId}-${i.storyId}`} className="card">
              <h2>{i.storyTitle}</h2>
              <p>
                {i.editionTitle} · {i.organizationName}
              </p>
              {i.withdrawn ? (
                <p>{t('mine.withdrawn')}</p>
              ) : i.status === 'published' ? (
                <p>
                  {t('mine.published')} <Link to={`/handbook/${i.editionId}`}>{i.editionTitle}</Link>
                </p>
              ) : (
                <>
                  <p>{i.status === 'frozen' && i.publishAt ? t('mine.publishOn', { date: day.format(new Date(i.publishAt)) }) : t('mine.draft')}</p>
                  <Form method="post">
                    <input type="hidden" name="editionId" value={i.editionId} />
                    <input type="hidden" name="storyId" value={i.storyId} />
                    <button type="submit" className="button">
                      {t('mine.withdraw')}
                    </button>
                  </Form>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('mine.consentHint')}</p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
