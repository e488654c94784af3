import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, isLocale, type EventKind, type EventOccurrence } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { hasSessionCookie, withCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { occurrenceListSchema, readerSpaces, readerZone } from '~/utils/events.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { SelectField } from '~/components/ui/SelectField';
import { OccurrenceItem, occurrenceHref, type OccurrenceExtras } from '~/components/events/OccurrenceItem';
import { KIND_KEYS } from '~/components/events/labels';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { addDays, defaultZone, formatDay, formatMonth, formatTime, isDate, isMonth, localDate, weekdayIndex, zonedToInstant } from '~/components/events/time';
import eventsStyles from '~/components/events/events.css?url';
import { dateTimeFormat } from '~/utils/intl-format';
import { InPageLink } from '~/components/ui/InPageNavigation';
import { Remembered } from '~/components/ui/Remembered';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('list.pageTitle', { ns: 'events' }),
};

/** The agenda shows four weeks at a time. */
const AGENDA_DAYS = 28;

interface Period {
  periodZone: string;
  view: 'agenda' | 'month';
  start: string;
  end: string;
  month: string | null;
  today: string;
}

/** The days the page shows: four weeks from `start`, or the `month`, cut in `periodZone`. */
function periodOf(url: URL, periodZone: string): Period {
  const view = url.searchParams.get('view') === 'month' ? 'month' : 'agenda';
  const today = localDate(new Date(), periodZone);
  if (view === 'month') {
    const monthParam = url.searchParams.get('month');
    const month = isMonth(monthParam) ? monthParam : today.slice(0, 7);
    const start = `${month}-01`;
    return { periodZone, view, start, end: addDays(start, 31).slice(0, 7) + '-01', month, today };
  }
  const startParam = url.searchParams.get('start');
  const start = isDate(startParam) ? startParam : today;
  return { periodZone, view, start, end: addDays(start, AGENDA_DAYS), month: null, today };
}

const kindOf = (url: URL): EventKind | null => {
  const kind = url.searchParams.get('kind');
  return (EVENT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as EventKind) : null;
};

const spaceIdOf = (url: URL) => {
  const spaceParam = url.searchParams.get('space');
  return spaceParam && /^[0-9a-f-]{36}$/i.test(spaceParam) ? spaceParam : null;
};

function eventsQuery(url: URL, period: Period, mine: boolean): URLSearchParams {
  const from = zonedToInstant(period.start, '00:00', period.periodZone)!;
  const to = zonedToInstant(period.end, '00:00', period.periodZone)!;
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  const kind = kindOf(url);
  if (kind) query.set('kind', kind);
  const spaceId = spaceIdOf(url);
  if (spaceId) query.set('spaceId', spaceId);
  if (mine) query.set('mine', 'true');
  // The filter by space lists the reader's spaces (none for a visitor): they come in the same answer.
  query.set('include', 'mySpaces');
  return query;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const zone = readerZone(request);
  const mineAsked = url.searchParams.get('mine') === 'true';
  const ask = (query: string, locale: string) => api(request, `/api/events?${query}`, { schema: occurrenceListSchema, locale });
  // The events are asked for beside the person, and bring the page's frame along. Before the zone
  // cookie is set, days and months are cut in the zone usual for the person's language, which is
  // known only with the person: the first ask guesses the browser's language, and "my events" a
  // session that is still valid. A guess that asked for other instants (a Finnish account on an
  // English browser, say) or other events is asked again, in turn.
  const guessedPeriod = periodOf(url, zone ?? defaultZone(await resolveLocale(request), null));
  const guessed = `${eventsQuery(url, guessedPeriod, mineAsked && hasSessionCookie(request))}`;
  const { user, answer } = await withCurrentUser(request, (locale) => ask(guessed, locale));
  const locale = await resolveLocale(request, user?.locale);
  const period = zone ? guessedPeriod : periodOf(url, defaultZone(locale, null));
  const mine = Boolean(user) && mineAsked;
  const right = `${eventsQuery(url, period, mine)}`;
  const result = right === guessed ? answer : await ask(right, locale);
  const { periodZone, view, start, end, month, today } = period;
  const kind = kindOf(url);
  const spaceId = spaceIdOf(url);

  const items = result.ok ? result.data.items : [];
  // When the events could not be read (a period outside the window the API serves, say), the filter
  // still offers the reader's spaces, so a space chosen in it is kept.
  const spaces = user ? await readerSpaces(request, locale, result) : [];
  // The agenda shows where and what is provided; the month grid keeps to titles.
  const extras: Record<string, OccurrenceExtras> = {};
  if (view === 'agenda') for (const o of items) extras[o.eventId] = { place: o.place, practicalities: o.practicalities };
  return {
    locale: isLocale(locale) ? locale : 'en',
    signedIn: Boolean(user),
    readerZone: zone,
    periodZone,
    view,
    start,
    end,
    month,
    today,
    filters: { kind, spaceId, mine },
    items,
    failed: !result.ok,
    extras,
    spaces,
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The current filters as query parameters, with some replaced. */
function hrefWith(data: LoaderData, changes: Record<string, string | null>): string {
  const params = new URLSearchParams();
  if (data.view === 'month') params.set('view', 'month');
  if (data.filters.kind) params.set('kind', data.filters.kind);
  if (data.filters.spaceId) params.set('space', data.filters.spaceId);
  if (data.filters.mine) params.set('mine', 'true');
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `/events?${text}` : '/events';
}

export default function EventsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('events');
  return (
    <div className="events">
      <TimeZoneCookie />
      <div className="page-heading">
        <h1>{t('list.title')}</h1>
        {data.signedIn ? (
          <Link to="/events/new" className="button">
            {t('list.addEvent')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('list.lead')}</p>
      {!data.signedIn ? (
        <p>
          <Link to={`/login?${new URLSearchParams({ redirectTo: '/events' })}`}>{t('list.loginForMore')}</Link>
        </p>
      ) : null}

      <nav aria-label={t('list.viewLabel')} className="view-switch">
        <ul>
          <li>
            <Link to={hrefWith(data, { view: null, month: null })} aria-current={data.view === 'agenda' ? 'page' : undefined}>
              {t('list.viewAgenda')}
            </Link>
          </li>
          <li>
            <Link to={hrefWith(data, { view: 'month', start: null })} aria-current={data.view === 'month' ? 'page' : undefined}>
              {t('list.viewMonth')}
            </Link>
          </li>
        </ul>
      </nav>

      <Filters data={data} />
      <PeriodNav data={data} />

      {data.failed ? (
        <p className="notice" role="status">
          {t('list.couldNotLoad')}
        </p>
      ) : data.view === 'month' ? (
        <MonthGrid data={data} />
      ) : (
        <Agenda data={data} />
      )}
    </div>
  );
}

function Filters({ data }: { data: LoaderData }) {
  const { t } = useTranslation('events');
  return (
    <Form method="get" className="filters event-filters" aria-label={t('list.filtersLabel')}>
      {data.view === 'month' ? <input type="hidden" name="view" value="month" /> : null}
      {data.month ? <input type="hidden" name="month" value={data.month} /> : null}
      {data.view === 'agenda' && data.start !== data.today ? <input type="hidden" name="start" value={data.start} /> : null}
      <SelectField name="kind" id="filter-kind" label={t('list.filterKind')} defaultValue={data.filters.kind ?? ''} key={`kind-${data.filters.kind}`}>
        <option value="">{t('list.allKinds')}</option>
        {EVENT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(KIND_KEYS[kind])}
          </option>
        ))}
      </SelectField>
      {data.spaces.length > 0 ? (
        <SelectField name="space" id="filter-space" label={t('list.filterSpace')} defaultValue={data.filters.spaceId ?? ''} key={`space-${data.filters.spaceId}`}>
          <option value="">{t('list.allSpaces')}</option>
          {data.spaces.map((space) => (
            <option key={space.id} value={space.id}>
              {space.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {data.signedIn ? (
        <div className="field field--checkbox">
          <input type="checkbox" id="filter-mine" name="mine" value="true" defaultChecked={data.filters.mine} key={`mine-${data.filters.mine}`} />
          <label htmlFor="filter-mine">{t('list.mineOnly')}</label>
        </div>
      ) : null}
      <button type="submit" className="button button--secondary">
        {t('list.applyFilters')}
      </button>
    </Form>
  );
}

function PeriodNav({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation('events');
  const locale = i18n.language;
  const noon = (date: string) => `${date}T12:00:00Z`;
  if (data.view === 'month' && data.month) {
    const prev = addDays(`${data.month}-01`, -1).slice(0, 7);
    const next = data.end.slice(0, 7);
    return (
      <nav aria-label={t('list.periodLabel')} className="period-nav">
        <Link to={hrefWith(data, { month: prev })} rel="prev">
          <span aria-hidden="true">← </span>
          {t('list.previousMonth')}
        </Link>
        <p className="period-nav__current" aria-live="polite">
          {formatMonth(noon(`${data.month}-15`), locale, 'UTC')}
        </p>
        <Link to={hrefWith(data, { month: next })} rel="next">
          {t('list.nextMonth')}
          <span aria-hidden="true"> →</span>
        </Link>
      </nav>
    );
  }
  return (
    <nav aria-label={t('list.periodLabel')} className="period-nav">
      <Link to={hrefWith(data, { start: addDays(data.start, -AGENDA_DAYS) })} rel="prev">
        <span aria-hidden="true">← </span>
        {t('list.previous')}
      </Link>
      <p className="period-nav__current" aria-live="polite">
        {t('list.period', { from: formatDay(noon(data.start), locale, 'UTC'), to: formatDay(noon(addDays(data.end, -1)), locale, 'UTC') })}
      </p>
      <Link to={hrefWith(data, { start: addDays(data.start, AGENDA_DAYS) })} rel="next">
        {t('list.next')}
        <span aria-hidden="true"> →</span>
      </Link>
    </nav>
  );
}

function spaceNames(data: LoaderData): Map<string, string> {
  return new Map(data.spaces.map((s) => [s.id, s.name]));
}

function Agenda({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation('events');
  const names = spaceNames(data);
  if (data.items.length === 0) return <p className="empty">{t('list.empty')}</p>;
  const days = new Map<string, EventOccurrence[]>();
  for (const item of data.items) {
    const day = localDate(item.startsAt, data.periodZone);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  const dayOf = ([day, items]: [string, EventOccurrence[]]): AgendaDayProps => ({
    day,
    today: day === data.today,
    items,
    extras: items.map((o) => data.extras[o.eventId]),
    spaceNames: items.map((o) => (o.spaceId ? names.get(o.spaceId) : null)),
    readerZone: data.readerZone,
  });
  // On the server, each day as rendered for an earlier page where nothing it shows has changed:
  // the same for every reader in this language and time zone who gave the same answers.
  return (
    <Remembered
      part="agendaDays"
      as="div"
      className="agenda"
      data-testid="agenda"
      pieces={() =>
        [...days].map((entry) => {
          const props = dayOf(entry);
          return { key: JSON.stringify([i18n.language, props]), element: <AgendaDay {...props} /> };
        })
      }
    >
      {[...days].map((entry) => (
        <AgendaDay key={entry[0]} {...dayOf(entry)} />
      ))}
    </Remembered>
  );
}

interface AgendaDayProps {
  day: string;
  today: boolean;
  items: EventOccurrence[];
  /** Each item's place and practicalities, and the name of the space it is in (if the reader's). */
  extras: (OccurrenceExtras | undefined)[];
  spaceNames: (string | null | undefined)[];
  readerZone: string | null;
}

/** A day of the agenda: everything its HTML depends on is in its props (the key it is kept under). */
function AgendaDay({ day, today, items, extras, spaceNames: names, readerZone: zone }: AgendaDayProps) {
  const { t, i18n } = useTranslation('events');
  return (
    <section aria-labelledby={`day-${day}`} className="agenda__day">
      <h2 id={`day-${day}`}>
        {today ? `${t('list.today')} · ` : null}
        {formatDay(`${day}T12:00:00Z`, i18n.language, 'UTC')}
      </h2>
      <ul className="agenda__list">
        {items.map((o, i) => (
          <OccurrenceItem key={`${o.eventId}-${o.occurrence}`} occurrence={o} extras={extras[i]} spaceName={names[i]} readerZone={zone} />
        ))}
      </ul>
    </section>
  );
}

function MonthGrid({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation('events');
  const locale = i18n.language;
  const first = `${data.month}-01`;
  const gridStart = addDays(first, -weekdayIndex(first));
  const weeks: string[][] = [];
  for (let day = gridStart; day < data.end || weeks.length === 0 || weeks[weeks.length - 1].length < 7; ) {
    if (weeks.length === 0 || weeks[weeks.length - 1].length === 7) weeks.push([]);
    weeks[weeks.length - 1].push(day);
    day = addDays(day, 1);
  }
  const byDay = new Map<string, EventOccurrence[]>();
  for (const item of data.items) {
    const day = localDate(item.startsAt, data.periodZone);
    byDay.set(day, [...(byDay.get(day) ?? []), item]);
  }
  const weekdayNames = weeks[0].map((day) => ({
    long: dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`)),
    short: dateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`)),
  }));
  const caption = t('list.monthCaption', { month: formatMonth(`${data.month}-15T12:00:00Z`, locale, 'UTC') });
  return (
    <div className="month-scroll">
      {data.items.length === 0 ? <p className="empty">{t('list.empty')}</p> : null}
      <table className="month" data-testid="month-grid">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {weekdayNames.map((name) => (
              <th key={name.long} scope="col">
                <abbr title={name.long}>{name.short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const inMonth = day.startsWith(data.month ?? '');
                const items = inMonth ? (byDay.get(day) ?? []) : [];
                return (
                  <td
                    key={day}
                    className={[inMonth ? '' : 'month__other', day === data.today ? 'month__today' : '', items.length > 0 ? 'month__busy' : ''].join(' ').trim() || undefined}
                  >
                    <span className="month__date" aria-hidden="true">
                      {Number(day.slice(8))}
                    </span>
                    {inMonth ? (
                      <span className="month__full-date">
                        {day === data.today ? `${t('list.today')} · ` : null}
                        {formatDay(`${day}T12:00:00Z`, locale, 'UTC')}
                      </span>
                    ) : null}
                    {items.length > 0 ? (
                      <ul>
                        {items.map((o) => (
                          <li key={`${o.eventId}-${o.occurrence}`} className={o.cancelled ? 'month__event month__event--cancelled' : 'month__event'}>
                            <InPageLink to={occurrenceHref(o)}>
                              {o.allDay ? null : <span className="month__time">{formatTime(o.startsAt, locale, data.periodZone)} </span>}
                              {o.title}
                              {o.cancelled ? ` (${t('list.cancelled')})` : null}
                            </InPageLink>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
