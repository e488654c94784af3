import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, SUPPORTED_LOCALES, isLocale } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { withSignedInUser } from '~/utils/session.server';
import { spacePageSchema } from '~/utils/spaces.server';
import type { RouteHandle } from '~/utils/route-handle';
import { SpaceCard } from '~/components/spaces/SpaceCard';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('directory.pageTitle', { ns: 'spaces' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const language = url.searchParams.get('language') ?? '';
  const mine = url.searchParams.get('mine') === 'true';
  const cursor = url.searchParams.get('cursor') ?? '';
  const query = new URLSearchParams({ limit: '20' });
  if (q) query.set('q', q);
  if (isLocale(language)) query.set('language', language);
  if (mine) query.set('mine', 'true');
  if (cursor) query.set('cursor', cursor);
  const { answer: result } = await withSignedInUser(request, (locale) => api(request, `/api/spaces?${query}`, { schema: spacePageSchema, locale }));
  // A stale cursor is no reason for an error page: show the first page again instead.
  const page = result.ok ? result.data : null;
  return {
    filters: { q, language: isLocale(language) ? language : '', mine },
    spaces: page?.items ?? null,
    nextCursor: page?.nextCursor ?? null,
    isLaterPage: Boolean(cursor),
  };
}

export default function SpacesDirectory() {
  const { t } = useTranslation('spaces');
  const { filters, spaces, nextCursor, isLaterPage } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === 'loading';
  const [searchParams] = useSearchParams();
  const left = searchParams.get('left');
  const moreParams = new URLSearchParams();
  if (filters.q) moreParams.set('q', filters.q);
  if (filters.language) moreParams.set('language', filters.language);
  if (filters.mine) moreParams.set('mine', 'true');
  if (nextCursor) moreParams.set('cursor', nextCursor);
  const filtered = Boolean(filters.q || filters.language || filters.mine);

  return (
    <div className="spaces">
      <div className="page-heading">
        <h1>{t('directory.title')}</h1>
        <Link to="/spaces/new" className="button button--secondary">
          {t('directory.create')}
        </Link>
      </div>
      <p className="lead">{t('directory.intro')}</p>
      {left ? (
        <p className="notice" role="status">
          {t('directory.left', { name: left })}
        </p>
      ) : null}

      <Form method="get" className="filters" role="search" aria-label={t('directory.searchLabel')}>
        <div className="field">
          <label htmlFor="q">{t('directory.searchField')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} maxLength={100} key={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="language">{t('directory.languageField')}</label>
          <select id="language" name="language" defaultValue={filters.language} key={filters.language}>
            <option value="">{t('directory.anyLanguage')}</option>
            {SUPPORTED_LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {LOCALE_NAMES[code]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--checkbox">
          <input id="mine" name="mine" type="checkbox" value="true" defaultChecked={filters.mine} key={String(filters.mine)} />
          <label htmlFor="mine">{t('directory.mineField')}</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('directory.searchSubmit')}
        </button>
      </Form>

      {spaces === null ? (
        <p className="notice" role="status">
          {t('directory.couldNotLoad')}
        </p>
      ) : spaces.length === 0 ? (
        <div className="empty">
          <p>{filtered ? t('directory.noneFound') : t('directory.none')}</p>
          {filtered ? <Link to="/spaces">{t('directory.clearFilters')}</Link> : null}
        </div>
      ) : (
        <>
          <h2 className="visually-hidden">{t('directory.resultsTitle')}</h2>
          <ul className="space-list" data-testid="space-list">
            {spaces.map((space) => (
              <SpaceCard key={space.id} space={space} />
            ))}
          </ul>
        </>
      )}
      <nav className="pager" aria-label={t('directory.pagerLabel')}>
        {isLaterPage ? (
          <Link to={`/spaces?${new URLSearchParams({ ...(filters.q ? { q: filters.q } : {}), ...(filters.language ? { language: filters.language } : {}), ...(filters.mine ? { mine: 'true' } : {}) })}`}>
            {t('directory.firstPage')}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`/spaces?${moreParams}`} className="button button--secondary">
            {t('directory.more')}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
