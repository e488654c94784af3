import { Link, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { loader as rootLoader } from '~/root';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('home.pageTitle', { ns: 'common' }),
};

export default function HomePage() {
  const { t } = useTranslation('common');
  const user = useRouteLoaderData<typeof rootLoader>('root')?.user ?? null;
  return (
    <div className="home">
      <section className="home__intro" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="lead">{t('home.intro')}</p>
        {user ? (
          <div className="call-to-action">
            <p>{t('home.welcomeBack', { name: user.displayName || user.username })}</p>
            <Link to="/account" className="button">
              {t('home.toAccount')}
            </Link>
          </div>
        ) : (
          <div className="call-to-action">
            <Link to="/register" className="button">
              {t('home.join')}
            </Link>
            <Link to="/login" className="button button--secondary">
              {t('home.login')}
            </Link>
          </div>
        )}
      </section>

      <section aria-labelledby="home-peers">
        <h2 id="home-peers">{t('home.peersTitle')}</h2>
        <p>{t('home.peersBody')}</p>
      </section>

      <section aria-labelledby="home-who">
        <h2 id="home-who">{t('home.whoTitle')}</h2>
        <ul>
          <li>{t('home.whoHousing')}</li>
          <li>{t('home.whoRefugees')}</li>
          <li>{t('home.whoCareLeavers')}</li>
          <li>{t('home.whoMentors')}</li>
        </ul>
      </section>

      <section aria-labelledby="home-privacy">
        <h2 id="home-privacy">{t('home.privacyTitle')}</h2>
        <p>{t('home.privacyBody')}</p>
      </section>

      <section aria-labelledby="home-safety">
        <h2 id="home-safety">{t('home.safetyTitle')}</h2>
        <p>{t('home.safetyBody')}</p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
