import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveLocale } from '~/utils/i18n.server';
import { COUNTRY_OF_LOCALE, loadCrisisResources } from '~/utils/moderation.server';
import { formatDateTime } from '~/utils/i18n';
import type { RouteHandle } from '~/utils/route-handle';
import { CrisisResources } from '~/components/moderation/CrisisResources';
import { countryLabel } from '~/components/moderation/labels';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { keptReadPages, keptSavedList, type KeptPage } from '~/components/offline/kept-pages';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('offline.pageTitle', { ns: 'common' }),
};

/**
 * The page the service worker opens when there is no connection. It fetches it without cookies,
 * so it is the same for everyone: the crisis lines of the language's country, never an account.
 * What this phone kept (the saved list, pages read) is added in the browser, from the worker's caches.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request);
  const country = COUNTRY_OF_LOCALE[locale] ?? 'general';
  const items = await loadCrisisResources(request, locale, country);
  return { country, items, savedAt: new Date().toISOString() };
}

/** The pages this phone kept, read once the page runs (caches are the browser's alone). */
function useKept() {
  const [kept, setKept] = useState<{ saved: KeptPage[]; read: KeptPage[] } | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all([keptSavedList(), keptReadPages()])
      .then(([saved, read]) => live && setKept({ saved, read }))
      .catch(() => live && setKept({ saved: [], read: [] }));
    return () => {
      live = false;
    };
  }, []);
  return kept;
}

function KeptList({ pages, empty, testId }: { pages: KeptPage[] | undefined; empty: string; testId: string }) {
  const { t, i18n } = useTranslation('common');
  if (!pages) return null;
  if (pages.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="offline-list" data-testid={testId}>
      {pages.map((page) => (
        <li key={page.url}>
          {/* A full load: the worker answers it from its copy, which needs no data from the network. */}
          <a href={page.url} className="offline-list__link">
            {page.title}
          </a>
          {page.phone ? (
            <>
              {' · '}
              <a href={page.phone.href}>{page.phone.label}</a>
            </>
          ) : null}
          {page.savedAt ? <span className="muted"> · {t('offline.savedAt', { date: `${formatDateTime(page.savedAt, i18n.language, 'UTC')} UTC` })}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export default function OfflinePage() {
  const { t, i18n } = useTranslation('common');
  const { t: tm } = useTranslation('moderation');
  const { country, items, savedAt } = useLoaderData<typeof loader>();
  const kept = useKept();
  const local = items?.filter((item) => item.country !== 'general') ?? [];
  const general = items?.filter((item) => item.country === 'general') ?? [];
  return (
    <section className="help-page offline-page" aria-labelledby="offline-title">
      <h1 id="offline-title">{t('offline.title')}</h1>
      <p className="notice offline-note" role="status" data-testid="offline-saved-at">
        {t('offline.lead', { date: `${formatDateTime(savedAt, i18n.language, 'UTC')} UTC` })}
      </p>
      <p>
        <a href="/">{t('offline.tryAgain')}</a>
      </p>

      <section aria-labelledby="offline-crisis">
        <h2 id="offline-crisis">{t('offline.crisisTitle')}</h2>
        <p className="help-emergency">
          <strong>{tm('help.emergency')}</strong>{' '}
          <a className="button crisis-list__call" href="tel:112">
            {tm('help.call', { phone: '112' })}
          </a>
        </p>
        {country !== 'general' && local.length ? (
          <>
            <h3>{tm('help.localTitle', { country: countryLabel(tm, country) })}</h3>
            <CrisisResources items={local} level={3} />
          </>
        ) : null}
        {general.length ? (
          <>
            <h3>{tm('help.generalTitle')}</h3>
            <CrisisResources items={general} level={3} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="offline-saved">
        <h2 id="offline-saved">{t('offline.savedTitle')}</h2>
        <KeptList pages={kept?.saved} empty={t('offline.savedEmpty')} testId="offline-saved" />
      </section>

      <section aria-labelledby="offline-read">
        <h2 id="offline-read">{t('offline.readTitle')}</h2>
        <KeptList pages={kept?.read} empty={t('offline.readEmpty')} testId="offline-read" />
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
