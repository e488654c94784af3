import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { editionListSchema } from '~/utils/handbook.server';
import { dateTimeFormat } from '~/utils/intl-format';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = { title: (t) => t('public.title', { ns: 'handbook' }) };

/** Published handbooks: public, no sign-in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const list = await api(request, '/api/handbook/editions?limit=50', { schema: editionListSchema, locale });
  if (!list.ok) throw new Response(null, { status: 503 });
  return { items: list.data.items, locale };
}

export default function HandbooksPage() {
  const { items, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation('handbook');
  const day = dateTimeFormat(locale, { dateStyle: 'long' });
  return (
    <article aria-labelledby="handbooks-title">
      <h1 id="handbooks-title">{t('public.title')}</h1>
      <p>{t('public.intro')}</p>
      {items.length === 0 ? (
        <p>{t('public.empty')}</p>
      ) : (
        <ul className="card-list">
          {items.map((e) => (
            <li key={e.id} className="card">
              <h2>
                <Link to={`/handbook/${e.id}`}>{e.title}</Link>
              </h2>
              <p>
                {e.organization.name} · {e.publishedAt ? t('public.published', { date: day.format(new Date(e.publishedAt)) }) : null} · {t('public.stories', { count: e.storyCount })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
