import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SUPPORTED_LOCALES, isCategoryCode } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { withCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor } from '~/utils/forms.server';
import { atParam, resourceCardListSchema } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ResourceCard, resourceCardKey } from '~/components/resources/ResourceCard';
import { Remembered } from '~/components/ui/Remembered';
import { UseMyLocation } from '~/components/resources/NearMe';
import { languageName } from '~/components/resources/format';
import { categoryLabel } from '~/components/resources/labels';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const handle: RouteHandle = {
  title: (t) => t('list.pageTitle', { ns: 'resources' }),
};

/** The chips: a shelter for tonight first, then the taxonomy's top-level groups (each includes its children). */
const CHIP_CATEGORIES = ['emergency-shelter', 'food', 'housing', 'health', 'legal', 'goods', 'care', 'money', 'work', 'education'] as const;
/** Languages people ask for most here, besides the six the site speaks. */
const EXTRA_LANGUAGES = ['ar', 'uk', 'ru', 'fa', 'ro', 'de', 'so', 'ti', 'ps', 'tr'] as const;
const RADII = ['1', '2', '5', '10', '25', '50'] as const;
const NEAR = /^-?\d{1,2}(\.\d{1,3})?,-?\d{1,3}(\.\d{1,3})?$/;

function readFilters(url: URL) {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const category = get('category');
  const language = get('language');
  const radius = get('radiusKm');
  const near = get('near');
  return {
    q: get('q').slice(0, 200),
    category: isCategoryCode(category) ? category : '',
    openNow: get('openNow') === 'true',
    free: get('free') === 'true',
    noId: get('noId') === 'true',
    language: /^[a-z]{2,3}$/.test(language) ? language : '',
    city: get('city').slice(0, 100),
    // Only rounded coordinates are accepted, so a precise position cannot even be asked about.
    near: NEAR.test(near) ? near : '',
    radiusKm: (RADII as readonly string[]).includes(radius) ? radius : '',
    cursor: get('cursor').slice(0, 300),
    at: atParam(url),
  };
}
type Filters = ReturnType<typeof readFilters>;

function apiQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams({ view: 'card' });
  if (filters.q) query.set('q', filters.q);
  if (filters.category) query.set('category', filters.category);
  const attributes = [filters.free ? 'free' : '', filters.noId ? 'no-id-needed' : ''].filter(Boolean);
  if (attributes.length) query.set('attribute', attributes.join(','));
  if (filters.language) query.set('language', filters.language);
  if (filters.openNow) query.set('openNow', 'true');
  if (filters.at) query.set('at', filters.at);
  if (filters.near) query.set('near', filters.near);
  else if (filters.city) query.set('city', filters.city);
  if (filters.radiusKm && (filters.near || filters.city)) query.set('radiusKm', filters.radiusKm);
  if (filters.cursor) query.set('cursor', filters.cursor);
  return query;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = readFilters(url);
  const reference = filters.at ?? new Date().toISOString();
  const { user, answer: result } = await withCurrentUser(request, (locale) => api(request, `/api/resources?${apiQuery(filters)}`, { schema: resourceCardListSchema, locale }));
  const locale = await resolveLocale(request, user?.locale);
  const errors = result.ok ? null : problemErrors(result, await translatorFor(locale));
  return {
    signedIn: Boolean(user),
    filters,
    reference,
    items: result.ok ? result.data.items : [],
    nextCursor: result.ok ? result.data.nextCursor : null,
    fieldErrors: errors?.fieldErrors ?? {},
    failed: !result.ok && Object.keys(errors?.fieldErrors ?? {}).length === 0,
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function moreHref(data: LoaderData): string {
  const params = new URLSearchParams();
  const f = data.filters;
  for (const [key, value] of Object.entries({ q: f.q, category: f.category, language: f.language, city: f.city, near: f.near, radiusKm: f.radiusKm, at: f.at ?? '' })) {
    if (value) params.set(key, value);
  }
  for (const [key, on] of Object.entries({ openNow: f.openNow, free: f.free, noId: f.noId })) if (on) params.set(key, 'true');
  if (data.nextCursor) params.set('cursor', data.nextCursor);
  return `/resources?${params}`;
}

export default function ResourcesPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('resources');
  return (
    <div className="resources">
      <div className="page-heading">
        <h1>{t('list.title')}</h1>
        <p className="page-heading__actions">
          <Link to="/resources/my-list">{t('myList.title')}</Link>
          {data.signedIn ? <Link to="/resources/new">{t('list.addResource')}</Link> : null}
        </p>
      </div>
      <p className="lead">{t('list.lead')}</p>
      <SearchForm data={data} />
      <section aria-labelledby="results-title" aria-live="polite">
        <h2 id="results-title">{t('list.resultsTitle')}</h2>
        {data.failed ? (
          <p className="notice" role="status">
            {t('list.couldNotLoad')}
          </p>
        ) : data.items.length === 0 ? (
          <p className="empty">{t('list.empty')}</p>
        ) : (
          <ResourceList data={data} />
        )}
        {data.nextCursor ? (
          <p>
            <Link to={moreHref(data)} rel="next">
              {t('list.more')}
            </Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}

/** The results; on the server, each card as rendered for an earlier page where nothing it shows has changed. */
function ResourceList({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation('resources');
  const cardOf = (resource: LoaderData['items'][number]) => ({ resource, reference: data.reference, at: data.filters.at });
  return (
    <Remembered
      part="resourceCards"
      as="ul"
      className="resource-list"
      data-testid="resource-list"
      pieces={() =>
        data.items.map((resource) => {
          const props = cardOf(resource);
          return { key: resourceCardKey(t, i18n.language, props), element: <ResourceCard {...props} /> };
        })
      }
    >
      {data.items.map((resource) => (
        <ResourceCard key={resource.id} {...cardOf(resource)} />
      ))}
    </Remembered>
  );
}

function SearchForm({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation('resources');
  const f = data.filters;
  const languages = [...SUPPORTED_LOCALES, ...EXTRA_LANGUAGES];
  // Keyed on the address, so the fields show what was searched after each search.
  const key = JSON.stringify(f);
  return (
    <Form method="get" id="resource-search" className="resource-search" role="search" key={key}>
      <TextField name="q" id="search-q" label={t('list.searchLabel')} hint={t('list.searchHint')} type="search" defaultValue={f.q} />
      <fieldset className="chips">
        <legend>{t('list.category')}</legend>
        <input type="radio" name="category" id="category-all" value="" defaultChecked={!f.category} />
        <label htmlFor="category-all">{t('list.allCategories')}</label>
        {CHIP_CATEGORIES.map((code) => (
          <span key={code} className="chip">
            <input type="radio" name="category" id={`category-${code}`} value={code} defaultChecked={f.category === code} />
            <label htmlFor={`category-${code}`}>{categoryLabel(t, code)}</label>
          </span>
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>{t('list.show')}</legend>
        <div className="field field--checkbox">
          <input type="checkbox" id="filter-open" name="openNow" value="true" defaultChecked={f.openNow} />
          <label htmlFor="filter-open">{t('list.openNow')}</label>
        </div>
        <div className="field field--checkbox">
          <input type="checkbox" id="filter-free" name="free" value="true" defaultChecked={f.free} />
          <label htmlFor="filter-free">{t('list.free')}</label>
        </div>
        <div className="field field--checkbox">
          <input type="checkbox" id="filter-noid" name="noId" value="true" defaultChecked={f.noId} />
          <label htmlFor="filter-noid">{t('list.noIdNeeded')}</label>
        </div>
      </fieldset>
      <SelectField name="language" id="filter-language" label={t('list.languageLabel')} defaultValue={f.language}>
        <option value="">{t('list.anyLanguage')}</option>
        {languages.map((code) => (
          <option key={code} value={code}>
            {languageName(code, i18n.language)}
          </option>
        ))}
      </SelectField>
      <fieldset className="near">
        <legend>{t('list.nearTitle')}</legend>
        <TextField name="city" id="filter-city" label={t('list.nearLabel')} hint={t('list.nearHint')} defaultValue={f.city} error={data.fieldErrors.city} />
        <input type="hidden" name="near" defaultValue={f.near} />
        {f.near ? (
          <p className="near__using">
            {t('list.usingLocation')}{' '}
            <Link to={`/resources?${new URLSearchParams({ q: f.q, category: f.category })}`}>{t('list.forgetLocation')}</Link>
          </p>
        ) : null}
        <UseMyLocation formId="resource-search" />
        <SelectField name="radiusKm" id="filter-radius" label={t('list.radiusLabel')} defaultValue={f.radiusKm}>
          <option value="">{t('list.anyDistance')}</option>
          {RADII.map((km) => (
            <option key={km} value={km}>
              {t('list.radius', { count: Number(km) })}
            </option>
          ))}
        </SelectField>
      </fieldset>
      {f.at ? <input type="hidden" name="at" value={f.at} /> : null}
      <button type="submit" className="button">
        {t('list.search')}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
