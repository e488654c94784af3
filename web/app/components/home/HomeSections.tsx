import { useTranslation } from 'react-i18next';
import type { HomeAnswer } from '@sorstars/shared';
import { occurrenceHref } from '~/components/events/OccurrenceItem';
import { whenText } from '~/components/events/labels';
import { formatDay } from '~/components/events/time';
import { unreadLabel } from '~/components/spaces/labels';
import { noteLabel } from '~/components/stories/labels';
import { describe, isKnown } from '~/components/notifications/describe';
import { DateTime } from '~/components/ui/DateTime';
import { InPageLink } from '~/components/ui/InPageNavigation';

/*
 * The sections of a signed-in person's home. Each shows a few items and a way to the full list;
 * an empty one says what to do next instead of showing nothing.
 */

export function SpacesSection({ spaces }: { spaces: HomeAnswer['spaces'] }) {
  const { t } = useTranslation('common');
  const { t: ts } = useTranslation('spaces');
  return (
    <section className="panel my-home__section" aria-labelledby="my-spaces-title" data-testid="home-spaces">
      <h2 id="my-spaces-title">{t('myHome.spaces.title')}</h2>
      {spaces.items.length === 0 ? (
        <p className="empty">{t('myHome.spaces.empty')}</p>
      ) : (
        <ul className="my-home__list">
          {spaces.items.map((s) => (
            <li key={s.id} className="my-home__item">
              <InPageLink to={`/spaces/${s.slug}`}>{s.name}</InPageLink>
              {s.unread > 0 ? (
                <span className="tag tag--new" data-testid="home-unread">
                  {unreadLabel(ts, s.unread)}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="my-home__more">
        <InPageLink to="/spaces">{spaces.items.length === 0 ? t('myHome.spaces.find') : t('myHome.spaces.all')}</InPageLink>
      </p>
    </section>
  );
}

/** Times in the event's own zone and the reader's language (and the reader's zone when it differs). */
export function EventsSection({ events, readerZone }: { events: HomeAnswer['events']; readerZone: string | null }) {
  const { t, i18n } = useTranslation('common');
  const { t: te } = useTranslation('events');
  const locale = i18n.language;
  return (
    <section className="panel my-home__section" aria-labelledby="my-events-title" data-testid="home-events">
      <h2 id="my-events-title">{t('myHome.events.title')}</h2>
      {events.items.length === 0 ? (
        <p className="empty">{t('myHome.events.empty')}</p>
      ) : (
        <ul className="my-home__list">
          {events.items.map((e) => (
            <li key={`${e.id}-${e.occurrence}`} className="my-home__item my-home__item--stacked">
              <InPageLink to={occurrenceHref({ eventId: e.id, occurrence: e.occurrence })}>{e.title}</InPageLink>
              <span className="my-home__meta">
                <time dateTime={e.startsAt}>{formatDay(e.startsAt, locale, e.timezone)}</time> · {whenText(te, locale, e, readerZone)}
              </span>
              {e.space || e.locationName ? (
                <span className="my-home__meta">{[e.space ? te('list.inSpace', { name: e.space.name }) : null, e.locationName].filter(Boolean).join(' · ')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="my-home__more">
        <InPageLink to="/events">{t('myHome.events.find')}</InPageLink>
      </p>
    </section>
  );
}

export function StoriesSection({ stories }: { stories: HomeAnswer['stories'] }) {
  const { t } = useTranslation('common');
  const { t: tst } = useTranslation('stories');
  return (
    <section className="panel my-home__section" aria-labelledby="my-stories-title" data-testid="home-stories">
      <h2 id="my-stories-title">{t('myHome.stories.title')}</h2>
      <p className="muted">{t('myHome.stories.intro')}</p>
      {stories.items.length === 0 ? (
        <p className="empty">{t('myHome.stories.empty')}</p>
      ) : (
        <ul className="my-home__list">
          {stories.items.map((s) => (
            <li key={s.id} className="my-home__item my-home__item--stacked">
              <InPageLink to={`/stories/${s.id}`} lang={s.language}>
                {s.title}
              </InPageLink>
              <span className="my-home__meta">
                {s.author ? t('myHome.stories.by', { name: s.author.displayName || s.author.username }) : t('myHome.stories.byMember')}
                {s.space ? ` · ${t('myHome.stories.inSpace', { name: s.space.name })}` : null}
              </span>
              {s.contentWarnings.length ? (
                <span className="my-home__meta">{t('myHome.stories.notes', { notes: s.contentWarnings.map((n) => noteLabel(tst, n)).join(', ') })}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="my-home__more">
        <InPageLink to="/stories">{t('myHome.stories.all')}</InPageLink>
      </p>
    </section>
  );
}

export function NotificationsSection({ notifications, readerZone }: { notifications: HomeAnswer['notifications']; readerZone: string | null }) {
  const { t, i18n } = useTranslation('common');
  const { t: te } = useTranslation('events');
  const known = notifications.items.filter(isKnown);
  return (
    <section className="panel my-home__section" aria-labelledby="my-notes-title" data-testid="home-notifications">
      <h2 id="my-notes-title">
        {t('myHome.notifications.title')}
        {notifications.unread > 0 ? (
          <>
            {' '}
            <span className="tag tag--new">{te('nav.unread', { count: notifications.unread })}</span>
          </>
        ) : null}
      </h2>
      {known.length === 0 ? (
        <p className="empty">{t('myHome.notifications.empty')}</p>
      ) : (
        <ul className="my-home__list">
          {known.map((n) => {
            const { text, href } = describe(te, { kind: n.kind, data: n.data }, i18n.language, readerZone);
            return (
              <li key={n.id} className="my-home__item my-home__item--stacked">
                {href ? <InPageLink to={href}>{text}</InPageLink> : <span>{text}</span>}
                <span className="my-home__meta">
                  <DateTime value={n.createdAt} locale={i18n.language} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="my-home__more">
        <InPageLink to="/notifications">{t('myHome.notifications.all')}</InPageLink>
      </p>
    </section>
  );
}
