import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { HomeAnswer } from '@sorstars/shared';
import type { loader as rootLoader } from '~/root';
import type { RouteHandle } from '~/utils/route-handle';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { loadHome } from '~/utils/home.server';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { FirstSteps } from '~/components/home/FirstSteps';
import { EventsSection, NotificationsSection, SpacesSection, StoriesSection } from '~/components/home/HomeSections';
import { Remembered } from '~/components/ui/Remembered';
import eventsStyles from '~/components/events/events.css?url';
import homeStyles from '~/components/home/home.css?url';

// The tags (new, done) come from the events styles the notifications page uses too.
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: eventsStyles },
  { rel: 'stylesheet', href: homeStyles },
];

export const handle: RouteHandle = {
  title: (t) => t('home.pageTitle', { ns: 'common' }),
};

/** Signed in, `/` is the person's own place; for visitors it stays the public introduction. */
export async function loader({ request }: LoaderFunctionArgs) {
  return loadHome(request, await resolveLocale(request));
}

/**
 * "I have kept my recovery codes safe", from the codes page shown after registering (its
 * "Continue") or from the first steps here. Without the box ticked it simply continues home.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get('intent') === 'recoveryCodesKept' && form.get('kept') === 'yes') {
    const result = await api(request, '/api/me/recovery-codes/kept', { method: 'POST', locale: await resolveLocale(request) });
    if (!result.ok && result.status === 401) return redirect('/login');
  }
  return redirect('/');
}

export default function HomePage() {
  const load = useLoaderData<typeof loader>();
  if (load.kind === 'home') return <MyHome home={load.home} readerZone={load.readerZone} />;
  return <Brochure unavailable={load.kind === 'unavailable'} />;
}

function MyHome({ home, readerZone }: { home: HomeAnswer; readerZone: string | null }) {
  const { t, i18n } = useTranslation('common');
  const user = useRouteLoaderData<typeof rootLoader>('root')?.user ?? null;
  // Each section is kept under what it shows (the reader's zone for the times in it, the language):
  // on the server, as rendered for an earlier page where none of it has changed (remembered-html.server.ts).
  const sections = [
    { name: 'spaces', shows: home.spaces, element: <SpacesSection key="spaces" spaces={home.spaces} /> },
    { name: 'events', shows: home.events, element: <EventsSection key="events" events={home.events} readerZone={readerZone} /> },
    { name: 'notifications', shows: home.notifications, element: <NotificationsSection key="notifications" notifications={home.notifications} readerZone={readerZone} /> },
    { name: 'stories', shows: home.stories, element: <StoriesSection key="stories" stories={home.stories} /> },
  ];
  return (
    <div className="my-home" data-testid="my-home">
      <TimeZoneCookie />
      <h1>{user ? t('myHome.greeting', { name: user.displayName || user.username }) : t('myHome.title')}</h1>
      <FirstSteps steps={home.firstSteps} />
      <Remembered part="homeSections" as="div" className="my-home__grid" pieces={() => sections.map((s) => ({ key: JSON.stringify([i18n.language, readerZone, s.name, s.shows]), element: s.element }))}>
        {sections.map((s) => s.element)}
      </Remembered>
    </div>
  );
}

function Brochure({ unavailable }: { unavailable: boolean }) {
  const { t } = useTranslation('common');
  const user = useRouteLoaderData<typeof rootLoader>('root')?.user ?? null;
  return (
    <div className="home">
      {unavailable ? (
        <p className="notice" role="status">
          {t('myHome.unavailable')}
        </p>
      ) : null}
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
