import { useTranslation } from 'react-i18next';
import type { EventOccurrence, Practicality } from '@sorstars/shared';
import { KIND_KEYS, countsText, myStatusText, whenText } from './labels';
import { Practicalities } from './Practicalities';
import { InPageLink } from '~/components/ui/InPageNavigation';

export interface OccurrenceExtras {
  place: string | null;
  practicalities: Practicality[];
}

export function occurrenceHref(o: Pick<EventOccurrence, 'eventId' | 'occurrence'>): string {
  return `/events/${o.eventId}?${new URLSearchParams({ occurrence: o.occurrence })}`;
}

/** One date of an event in the agenda: what, when, where, how full, and the reader's answer. */
export function OccurrenceItem({
  occurrence: o,
  extras,
  spaceName,
  readerZone,
}: {
  occurrence: EventOccurrence;
  extras?: OccurrenceExtras;
  spaceName?: string | null;
  readerZone: string | null;
}) {
  const { t, i18n } = useTranslation('events');
  const status = myStatusText(t, o.myStatus, o.myWaitlistPosition);
  const titleId = `occ-${o.eventId}-${Date.parse(o.occurrence)}`;
  return (
    <li className={o.cancelled ? 'occurrence occurrence--cancelled' : 'occurrence'} aria-labelledby={titleId} data-testid="occurrence">
      <h3 className="occurrence__title" id={titleId}>
        <InPageLink to={occurrenceHref(o)}>{o.title}</InPageLink>
        {o.cancelled ? <span className="tag tag--cancelled">{t('list.cancelled')}</span> : null}
        {o.moved && !o.cancelled ? <span className="tag tag--moved">{t('list.moved')}</span> : null}
      </h3>
      <p className="occurrence__time">{whenText(t, i18n.language, o, readerZone)}</p>
      <p className="occurrence__facts">
        <span className="tag">{t(KIND_KEYS[o.kind])}</span>
        {extras?.place ? <span>{extras.place}</span> : null}
        {spaceName ? <span>{t('list.inSpace', { name: spaceName })}</span> : o.spaceId === null ? <span>{t('list.openToAll')}</span> : null}
        {o.recurring ? <span>{t('list.repeats')}</span> : null}
      </p>
      {o.cancelled && o.cancelMessage ? <p className="occurrence__message">{t('details.hostMessage', { message: o.cancelMessage })}</p> : null}
      {extras ? <Practicalities items={extras.practicalities} /> : null}
      {!o.cancelled ? <p className="occurrence__counts">{countsText(t, o)}</p> : null}
      {status ? (
        <p className="occurrence__status">
          <strong>{status}</strong>
        </p>
      ) : null}
    </li>
  );
}
