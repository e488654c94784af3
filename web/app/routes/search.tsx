import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, SEARCH_TYPES, SUPPORTED_LOCALES, UUID_PATTERN, isLocale, searchResultSchema, type SearchType } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { getCurrentUser } from '~/utils/session.server';
import type { RouteHandle } from '~/utils/route-handle';
import { SelectField } from '~/components/ui/SelectField';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { Snippet } from '~/components/search/Snippet';
import { searchTypeLabel } from '~/components/search/labels';

export const handle: RouteHandle = {
  title: (t) => t('search.pageTitle', { ns: 'common' }),
};

const isType = (value: string): value is SearchType => (SEARCH_TYPES as readonly string[]).includes(value);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').slice(0, 500);
  const type = url.searchParams.get('type') ?? '';
  const language = url.searchParams.get('language') ?? '';
  const spaceId = url.searchParams.get('spaceId') ?? '';
  const cursor = url.searchParams.get('cursor') ?? '';
  const filters = { q, type: isType(type) ? type : '', language: isLocale(language) ? language : '', spaceId: UUID_PATTERN.test(spaceId) ? spaceId : '' };
  if (!q.trim()) return { filters, result: null, isLaterPage: false };
  const query = new URLSearchParams({ q, limit: '20' });
  if (filters.type) query.set('type', filters.type);
  if (filters.language) query.set('language', filters.language);
  if (filters.spaceId) query.set('spaceId', filters.spaceId);
  if (cursor) query.set('cursor', cursor.slice(0, 100));
  const result = await api(request, `/api/search?${query}`, { schema: searchResultSchema, locale });
  return { filters, result: result.ok ? result.data : null, isLaterPage: Boolean(cursor) };
}

export default function SearchPage() {
  const { t } = useTranslation('common');
  const { filters, result, isLaterPage } = useLoaderData<typeof loader>();
  const link = (over: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...over })) if (v) params.set(k, v);
    return `/search?${params}`;
  };
  const counts = result?.counts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <div className="search-page">
      <h1>{t('search.heading')}</h1>
      <Form method="get" action="/search" role="search" className="stack">
        <label htmlFor="search-q">{t('search.label')}</label>
        <input id="search-q" type="search" name="q" defaultValue={filters.q} maxLength={500} />
        {filters.type ? <input type="hidden" name="type" value={filters.type} /> : null}
        {filters.spaceId ? <input type="hidden" name="spaceId" value={filters.spaceId} /> : null}
        <SelectField
          label={t('search.language')}
          name="language"
          defaultValue={filters.language}
        >
          <option value="">{t('search.anyLanguage')}</option>
          {SUPPORTED_LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </SelectField>
        <button type="submit">{t('search.button')}</button>
      </Form>
      {filters.spaceId ? (
        <p>
          {t('search.inSpace')} <Link to={link({ spaceId: '', cursor: '' })}>{t('search.everywhere')}</Link>
        </p>
      ) : null}
      {result ? (
        <>
          <nav aria-label={t('search.typesLabel')}>
            <ul className="search-tabs">
              <li>
                <Link to={link({ type: '' })} aria-current={filters.type ? undefined : 'page'}>
                  {t('search.all')} ({total})
                </Link>
              </li>
              {SEARCH_TYPES.map((type) => (
                <li key={type}>
                  <Link to={link({ type })} aria-current={filters.type === type ? 'page' : undefined} data-testid={`search-tab-${type}`}>
                    {t(searchTypeLabel(type))} ({counts[type] ?? 0})
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {result.items.length === 0 ? (
            <p data-testid="search-empty">{t('search.empty')}</p>
          ) : (
            <ol className="search-results" data-testid="search-results">
              {result.items.map((hit) => (
                <li key={`${hit.type}:${hit.id}`} className="search-hit" data-testid="search-hit">
                  <h2>
                    <Link to={hit.url}>{hit.title || t(searchTypeLabel(hit.type))}</Link>
                  </h2>
                  <p className="search-hit__type">
                    {t(searchTypeLabel(hit.type))}
                    {hit.language && isLocale(hit.language) ? ` · ${LOCALE_NAMES[hit.language]}` : ''} · <time dateTime={hit.date}>{hit.date.slice(0, 10)}</time>
                  </p>
                  <Snippet html={hit.snippet} />
                </li>
              ))}
            </ol>
          )}
          {result.nextCursor || isLaterPage ? (
            <p>
              {isLaterPage ? <Link to={link({ cursor: '' })}>{t('search.firstPage')}</Link> : null}{' '}
              {result.nextCursor ? <Link to={link({ cursor: result.nextCursor })}>{t('search.more')}</Link> : null}
            </p>
          ) : null}
        </>
      ) : filters.q ? null : (
        <p>{t('search.hint')}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
