import { useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';
import { InPageForm, InPageLink } from './InPageNavigation';
import { isCurrentPath } from '~/utils/current-path';
import { clearOfflineCopies } from '~/utils/offline';
import { HeaderSearch } from '../search/HeaderSearch';
import { useLiveUnread } from './useLiveUnread';
import { MOST_UNREAD_SHOWN, unreadLabel } from '../spaces/labels';

interface SiteHeaderProps {
  locale: string;
  user: { username: string; displayName: string | null } | null;
  /** Unread notifications of the signed-in person. */
  unread?: number;
}

/**
 * Wide screens show the navigation in a row; phones get it behind one "Menu" disclosure, so the
 * header stays a single line. A closed <details> hides its content whatever the CSS says, so the
 * two are separate copies, and CSS shows exactly one (a hidden copy is out of the accessibility tree).
 */
export function SiteHeader({ locale, user, unread: rendered = 0 }: SiteHeaderProps) {
  const { t } = useTranslation('common');
  const unread = useLiveUnread(rendered, user !== null);
  const { pathname } = useLocation();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <InPageLink to="/" className="site-header__name">
          {t('site.name')}
        </InPageLink>
        <HeaderSearch />
        <div className="site-header__wide">
          <SiteNav user={user} unread={unread} locale={locale} pathname={pathname} wide testIds />
          {/* Signed in, the row of links is long: the language sits in the "You" menu instead. */}
          {user ? null : <LanguageSwitcher locale={locale} />}
        </div>
        <details className="site-menu">
          <summary>
            {t('nav.menu')}
            {user && unread > 0 ? <UnreadBadge unread={unread} /> : null}
          </summary>
          <div className="site-menu__body">
            <SiteNav user={user} unread={unread} locale={locale} pathname={pathname} />
            <LanguageSwitcher locale={locale} id="language-switcher-menu" />
          </div>
        </details>
      </div>
    </header>
  );
}

/** The API counts unread notifications up to 100; past 99 the badge says "99+", as unread messages do. */
function UnreadBadge({ unread, testId }: { unread: number; testId?: boolean }) {
  const { t } = useTranslation('common');
  const many = unread > MOST_UNREAD_SHOWN;
  return (
    <span className="badge" data-testid={testId ? 'unread-notifications' : undefined}>
      <span aria-hidden="true">{many ? `${MOST_UNREAD_SHOWN}+` : unread}</span>
      <span className="visually-hidden">{many ? unreadLabel(t, unread) : t('nav.unread', { ns: 'events', count: unread })}</span>
    </span>
  );
}

interface SiteNavProps {
  user: SiteHeaderProps['user'];
  unread: number;
  locale: string;
  /** The page being shown, for the link to it. */
  pathname: string;
  /** The row on wide screens: the person's own links (account, log out, language) go in one "You" menu, so it stays one line. */
  wide?: boolean;
  testIds?: boolean;
}

function SiteNav({ user, unread, locale, pathname, wide = false, testIds = false }: SiteNavProps) {
  const { t } = useTranslation('common');
  const item = (to: string, label: ReactNode, end = false) => (
    <InPageLink to={to} current={isCurrentPath(pathname, to, end)}>
      {label}
    </InPageLink>
  );
  const own = (
    <>
      <li>{item('/account', t('nav.account'))}</li>
      <li>
        {/* The pages kept for offline reading show who was signed in: they go too. */}
        <InPageForm method="post" action="/logout" onSubmit={clearOfflineCopies}>
          <button type="submit" className="link-button">
            {t('nav.logout')}
          </button>
        </InPageForm>
      </li>
    </>
  );
  return (
    <nav aria-label={t('nav.label')} className="site-nav">
      <ul>
        <li>{item('/', t('nav.home'), true)}</li>
        <li>{item('/stories', t('nav.stories'))}</li>
        <li>{item('/events', t('nav.events', { ns: 'events' }))}</li>
        <li>{item('/resources', t('nav.resources', { ns: 'resources' }))}</li>
        {user ? (
          <>
            <li>{item('/spaces', t('nav.spaces'))}</li>
            <li>{item('/messages', t('direct.nav', { ns: 'chat' }))}</li>
            <li>{item('/mentoring', t('nav', { ns: 'mentoring' }))}</li>
            <li>
              {item(
                '/notifications',
                <>
                  {t('nav.notifications', { ns: 'events' })}
                  {unread > 0 ? <UnreadBadge unread={unread} testId={testIds} /> : null}
                </>,
              )}
            </li>
            {wide ? (
              <li>
                <details className="nav-you">
                  <summary>{t('nav.you')}</summary>
                  <div className="nav-you__body">
                    <ul>{own}</ul>
                    <LanguageSwitcher locale={locale} id="language-switcher-you" />
                  </div>
                </details>
              </li>
            ) : (
              own
            )}
          </>
        ) : (
          <>
            <li>{item('/login', t('nav.login'))}</li>
            <li>{item('/register', t('nav.register'))}</li>
          </>
        )}
      </ul>
    </nav>
  );
}
