import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('tracks.pageTitle', { ns: 'moderation' }),
};

/** The browsers people here use most on phones and shared computers, each with its own steps. */
const BROWSERS = ['chrome', 'firefox', 'safari', 'samsung'] as const;

/** Plain advice, no data: how to leave fewer traces of a visit on a phone or a shared computer. */
export default function CoverYourTracksPage() {
  const { t } = useTranslation('moderation');
  return (
    <section className="narrow" aria-labelledby="tracks-title">
      <h1 id="tracks-title">{t('tracks.title')}</h1>
      <p className="lead">{t('tracks.intro')}</p>

      <h2>{t('tracks.historyTitle')}</h2>
      <dl>
        {BROWSERS.map((browser) => (
          <div key={browser}>
            <dt>
              <strong>{t(`tracks.browsers.${browser}.name`)}</strong>
            </dt>
            <dd>{t(`tracks.browsers.${browser}.steps`)}</dd>
          </div>
        ))}
      </dl>

      <h2>{t('tracks.privateTitle')}</h2>
      <p>{t('tracks.privateText')}</p>

      <h2>{t('tracks.sharedTitle')}</h2>
      <ul>
        <li>{t('tracks.sharedSignOut')}</li>
        <li>{t('tracks.sharedPrivateBrowsing')}</li>
        <li>{t('tracks.sharedQuickExit')}</li>
        <li>{t('tracks.sharedNotifications')}</li>
      </ul>
      <p>
        <Link to="/help">{t('tracks.backToHelp')}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
