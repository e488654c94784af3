import { Form, Link, NavLink } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';
import { HeaderSearch } from '../search/HeaderSearch';

interface SiteHeaderProps {
  locale: string;
  user: { username: string; displayName: string | null } | null;
  /** Unread notifications of the signed-in person. */
  unread?: number;
}

export function SiteHeader({ locale, user, unread = 0 }: SiteHeaderProps) {
  const { t } = useTranslation('common');
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__name">
          {t('site.name')}
        </Link>
        <nav aria-label={t('nav.label')} className="site-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/stories">{t('nav.stories')}</NavLink>
            </li>
            <li>
              <NavLink to="/events">{t('nav.events', { ns: 'events' })}</NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink to="/spaces">{t('nav.spaces')}</NavLink>
                </li>
                <li>
                  <NavLink to="/notifications">
                    {t('nav.notifications', { ns: 'events' })}
                    {unread > 0 ? (
                      <span className="badge" data-testid="unread-notifications">
                        <span aria-hidden="true">{unread}</span>
                        <span className="visually-hidden">{t('nav.unread', { ns: 'events', count: unread })}</span>
                      </span>
                    ) : null}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/account">{t('nav.account')}</NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t('nav.logout')}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/login">{t('nav.login')}</NavLink>
                </li>
                <li>
                  <NavLink to="/register">{t('nav.register')}</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        <HeaderSearch />
        <LanguageSwitcher locale={locale} />
      </div>
    </header>
  );
}
