import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useNavigate, useSearchParams } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { absoluteUrl, loadResources, qrSvg } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { telHref } from '~/components/moderation/CrisisResources';
import { FetchedAt } from '~/components/resources/FetchedAt';
import { FreshnessNote } from '~/components/resources/FreshnessNote';
import { HoursList } from '~/components/resources/LocationDetails';
import { useMyList } from '~/components/resources/SaveToListButton';
import { addToMyList, myListHref, parseIdsParam, removeFromMyList } from '~/components/resources/my-list';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const handle: RouteHandle = {
  title: (t) => t('myList.pageTitle', { ns: 'resources' }),
};

/**
 * The list lives in the browser; the page address carries its ids (`?ids=a,b`), so the same address
 * prints, shares and opens offline. Each entry gets a QR code to its page, drawn here as SVG.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const ids = parseIdsParam(new URL(request.url).searchParams.get('ids'));
  const resources = await loadResources(request, locale, ids);
  const entries = await Promise.all(resources.map(async (resource) => ({ resource, qr: await qrSvg(absoluteUrl(request, `/resources/${resource.id}`)) })));
  return { ids, entries, shareUrl: ids.length ? absoluteUrl(request, myListHref(ids)) : null, fetchedAt: new Date().toISOString() };
}

export default function MyListPage() {
  const { ids, entries, shareUrl, fetchedAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation('resources');
  const saved = useMyList();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const idsKey = ids.join(',');
  const savedKey = saved?.join(',') ?? null;
  // Opened without ids (or the list changed on another page): show what this browser has saved.
  const isSharedList = saved !== null && ids.length > 0 && idsKey !== savedKey && searchParams.get('shared') === '1';
  useEffect(() => {
    if (savedKey === null || idsKey === savedKey || isSharedList) return;
    navigate(myListHref(saved ?? []), { replace: true });
  }, [savedKey, idsKey, isSharedList, navigate, saved]);

  return (
    <div className="my-list">
      <h1>{t('myList.title')}</h1>
      <p className="lead no-print">{isSharedList ? t('myList.sharedLead') : t('myList.lead')}</p>
      <FetchedAt fetchedAt={fetchedAt} />
      {isSharedList ? (
        <p className="no-print">
          <button type="button" className="button" onClick={() => ids.forEach(addToMyList)}>
            {t('myList.saveAll')}
          </button>
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p className="empty" data-testid="my-list-empty">
          {t('myList.empty')} <Link to="/resources">{t('myList.find')}</Link>
        </p>
      ) : (
        <>
          <ListActions shareUrl={shareUrl} />
          <ol className="my-list__items" data-testid="my-list">
            {entries.map(({ resource, qr }) => (
              <li key={resource.id} className="my-list__item" data-testid="my-list-item">
                <div className="my-list__text">
                  <h2>
                    <Link to={`/resources/${resource.id}`}>{resource.name}</Link>
                  </h2>
                  <p className="muted">{resource.organization.name}</p>
                  {resource.locations.map((location) => (
                    <div key={location.id} className="my-list__location">
                      <p>{location.confidential ? t('details.confidential') : [location.address, [location.postalCode, location.city].filter(Boolean).join(' ')].join(', ')}</p>
                      <HoursList location={location} />
                    </div>
                  ))}
                  {resource.phone ? (
                    <p>
                      <a href={telHref(resource.phone)}>{t('details.call', { phone: resource.phone })}</a>
                    </p>
                  ) : null}
                  <FreshnessNote lastVerifiedAt={resource.lastVerifiedAt} stale={resource.stale} />
                  {!isSharedList && saved?.includes(resource.id) ? (
                    <button type="button" className="link-button no-print" onClick={() => removeFromMyList(resource.id)}>
                      {t('myList.remove')}
                      <span className="visually-hidden"> {resource.name}</span>
                    </button>
                  ) : null}
                </div>
                <figure className="my-list__qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: qr }} />
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** Print (the browser's own dialogue, onto the A4 print stylesheet) and share the list as a link. */
function ListActions({ shareUrl }: { shareUrl: string | null }) {
  const { t } = useTranslation('resources');
  const [copied, setCopied] = useState(false);
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === 'function'), []);
  return (
    <div className="my-list__actions no-print">
      {canPrint ? (
        <button type="button" className="button" onClick={() => window.print()}>
          {t('myList.print')}
        </button>
      ) : null}
      {shareUrl ? (
        <div className="field">
          <label htmlFor="share-url">{t('myList.shareLabel')}</label>
          <p className="field__hint" id="share-url-hint">
            {t('myList.shareHint')}
          </p>
          <input id="share-url" readOnly value={`${shareUrl}&shared=1`} aria-describedby="share-url-hint" onFocus={(event) => event.currentTarget.select()} />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              void navigator.clipboard?.writeText(`${shareUrl}&shared=1`).then(() => setCopied(true));
            }}
          >
            {t('myList.copy')}
          </button>
          <span role="status">{copied ? t('myList.copied') : ''}</span>
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
