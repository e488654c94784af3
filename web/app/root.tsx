// First: it configures zod before any module defines a schema (see the file).
import './utils/zod-config';
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from 'remix-i18next/react';
import { useEffect, type ReactNode } from 'react';
import { DEFAULT_LOCALE } from '@sorstars/shared';
import stylesUrl from './styles.css?url';
import { withFreshSession } from './utils/session.server';
import { resolveLocale } from './utils/i18n.server';
import { getLayout } from './utils/layout.server';
import type { RouteHandle } from './utils/route-handle';
import { QuickExit } from './components/ui/QuickExit';
import { InPageNavigation } from './components/ui/InPageNavigation';
import { PrivateBrowsing } from './components/ui/PrivateBrowsing';
import { isPrivateBrowsing } from './utils/private-browsing';
import { SiteHeader } from './components/ui/SiteHeader';
import { SiteFooter } from './components/ui/SiteFooter';
import { GeneralErrorBoundary } from './components/ui/GeneralErrorBoundary';
import { EmergencyBanner } from './components/moderation/EmergencyBanner';
import { useNonce } from './utils/nonce';
import { EARLY_QUICK_EXIT_SCRIPT } from './utils/quick-exit';
import { registerServiceWorker, rememberRead } from './utils/offline';
import { skipRevalidationWhenUnreachable } from './utils/unreachable';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesUrl },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  // Installable to a phone's home screen (iOS takes its icon from apple-touch-icon).
  { rel: 'manifest', href: '/manifest.webmanifest' },
  { rel: 'apple-touch-icon', href: '/icons/icon-192.png' },
];

export async function loader({ request: browserRequest, context }: LoaderFunctionArgs) {
  const request = withFreshSession(browserRequest, context);
  // An API that is down means "not signed in" here, so public pages keep working.
  const { user, unreadNotifications, banner } = await getLayout(request);
  const locale = await resolveLocale(request, user?.locale);
  return {
    locale,
    user: user ? { username: user.username, displayName: user.displayName } : null,
    unreadNotifications,
    banner,
    privateBrowsing: isPrivateBrowsing(request.headers.get('Cookie')),
  };
}

/** A request that never reached the server changed nothing; reading the layout again would fail the same way. */
export const shouldRevalidate = skipRevalidationWhenUnreachable;

function PageTitle() {
  const { t } = useTranslation();
  const matches = useMatches();
  const siteName = t('site.name', { ns: 'common' });
  const titled = [...matches].reverse().find((match) => (match.handle as RouteHandle | undefined)?.title);
  const pageTitle = (titled?.handle as RouteHandle | undefined)?.title?.(t);
  return <title>{pageTitle ? `${pageTitle} · ${siteName}` : siteName}</title>;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const { t, i18n } = useTranslation('common');
  const locale = data?.locale ?? i18n.language ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  // Switches the browser's translations when the root loader answers with another language.
  useChangeLanguage(locale);
  // Keeps saved resources and recently read public pages readable offline (see public/sw.js).
  useEffect(registerServiceWorker, []);
  // The worker lists the public pages read last on its offline page (it ignores all others).
  const { pathname, search } = useLocation();
  useEffect(() => rememberRead(pathname + search, document.title), [pathname, search]);
  return (
    <html lang={locale} dir={i18n.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0a5c63" />
        {/* The sites people leave to must not learn which page they came from (see server.js). */}
        <meta name="referrer" content="same-origin" />
        {/* First in the page, so Escape twice leaves even while the page's scripts are still loading. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: EARLY_QUICK_EXIT_SCRIPT }} />
        <PageTitle />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t('skipLink')}
        </a>
        <QuickExit />
        <PrivateBrowsing enabled={data?.privateBrowsing ?? false} signedIn={Boolean(data?.user)} />
        <InPageNavigation />
        <EmergencyBanner banner={data?.banner} />
        <SiteHeader locale={locale} user={data?.user ?? null} unread={data?.unreadNotifications ?? 0} />
        <main id="main" tabIndex={-1} className="site-main">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
