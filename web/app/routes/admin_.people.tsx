import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { peopleListSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireAdmin } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { PersonStatus, RoleList } from '~/components/moderation/PersonBits';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('people.pageTitle', { ns: 'moderation' }),
};

/** `/admin/people?q=<start of a username>&cursor=…`: a plain GET form, so it works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 32);
  const cursor = url.searchParams.get('cursor') ?? '';
  const query = new URLSearchParams({ q, limit: '20', ...(cursor && { cursor: cursor.slice(0, 200) }) });
  const result = await api(request, `/api/admin/people?${query}`, { schema: peopleListSchema, locale: user.locale });
  return { q, cursor, people: result.ok ? result.data.items : null, nextCursor: result.ok ? result.data.nextCursor : null };
}

export default function PeoplePage() {
  const { t } = useTranslation('moderation');
  const { q, cursor, people, nextCursor } = useLoaderData<typeof loader>();
  return (
    <div className="admin-page people-page">
      <p>
        <Link to="/admin">{t('people.backToAdmin')}</Link>
      </p>
      <h1>{t('people.title')}</h1>
      <p className="lead">{t('people.intro')}</p>
      <Form method="get" className="inline-form people-search" role="search" aria-label={t('people.title')}>
        <label htmlFor="people-q">{t('people.searchLabel')}</label>
        <input id="people-q" name="q" type="search" defaultValue={q} maxLength={32} autoComplete="off" autoCapitalize="none" spellCheck={false} />
        <button type="submit" className="button">
          {t('people.search')}
        </button>
      </Form>
      <section aria-labelledby="people-results">
        <h2 id="people-results">{q ? t('people.resultsFor', { q }) : t('people.resultsAll')}</h2>
        {people === null ? (
          <p className="notice" role="status">
            {t('admin.couldNotLoad')}
          </p>
        ) : people.length === 0 ? (
          <p className="empty">{t('people.none')}</p>
        ) : (
          <ul className="plain-list" data-testid="people-results">
            {people.map((person) => (
              <li key={person.id} className="plain-list__item person-row">
                <p className="plain-list__name">
                  <Link to={`/admin/people/${person.id}`}>{person.displayName ? `${person.displayName} (@${person.username})` : `@${person.username}`}</Link>
                </p>
                <p className="muted">
                  <RoleList roles={person.roles} /> · <PersonStatus status={person.status} until={person.suspendedUntil} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <p className="button-row">
          {cursor ? (
            <Link to={`?${new URLSearchParams({ q })}`} className="button button--secondary">
              {t('people.first')}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={`?${new URLSearchParams({ q, cursor: nextCursor })}`} className="button button--secondary">
              {t('people.more')}
            </Link>
          ) : null}
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
