import type { TFunction } from 'i18next';
import type { EventFormat, EventKind, EventOccurrence, Practicality } from '@sorstars/shared';
import { ZONE_TIME_KEYS, cityOf, formatShortDay, formatTimeRange, localDate } from './time';
import { lasting } from '~/utils/lasting-values';

/** `events:kinds.*`, named literally so the i18n check finds every key. */
export const KIND_KEYS: Record<EventKind, string> = {
  community: 'kinds.community',
  multiplier: 'kinds.multiplier',
  training: 'kinds.training',
  mentor_meeting: 'kinds.mentor_meeting',
  other: 'kinds.other',
};

/** `events:format.*`: how people take part. */
export const FORMAT_KEYS: Record<EventFormat, string> = {
  in_person: 'format.in_person',
  online: 'format.online',
  hybrid: 'format.hybrid',
};

/** `events:practicalities.*`. */
export const PRACTICALITY_KEYS: Record<Practicality, string> = {
  stepFree: 'practicalities.stepFree',
  food: 'practicalities.food',
  travelCosts: 'practicalities.travelCosts',
  childcare: 'practicalities.childcare',
  petsWelcome: 'practicalities.petsWelcome',
  noIdNeeded: 'practicalities.noIdNeeded',
  freeOfCharge: 'practicalities.freeOfCharge',
};

export function zoneTimeName(t: TFunction, zone: string): string {
  const key = ZONE_TIME_KEYS[zone];
  return key ? t(key, { ns: 'events' }) : t('zoneTime.other', lasting({ ns: 'events', city: cityOf(zone) }));
}

type Timed = Pick<EventOccurrence, 'startsAt' | 'endsAt' | 'timezone' | 'allDay'>;

/**
 * "18:00–20:00 Copenhagen time (17:00–19:00 your time)": the event's own zone first, the reader's
 * only when the clock there shows something else. Times and a place's zone are the same for every
 * reader, so the server remembers these texts (`lasting`).
 */
export function whenText(t: TFunction, locale: string, event: Timed, readerZone: string | null): string {
  if (event.allDay) return t('time.allDay', { ns: 'events' });
  const zone = zoneTimeName(t, event.timezone);
  const range = formatTimeRange(event.startsAt, event.endsAt, locale, event.timezone);
  if (!readerZone || readerZone === event.timezone) return t('time.inZone', lasting({ ns: 'events', time: range, zone }));
  let yours = formatTimeRange(event.startsAt, event.endsAt, locale, readerZone);
  const otherDay = localDate(event.startsAt, readerZone) !== localDate(event.startsAt, event.timezone);
  if (yours === range && !otherDay) return t('time.inZone', lasting({ ns: 'events', time: range, zone }));
  if (otherDay) yours = `${formatShortDay(event.startsAt, locale, readerZone)} ${yours}`;
  return t('time.withYours', lasting({ ns: 'events', time: range, zone, yours }));
}

/** "You're going", "You're on the waitlist, number 2", or null when the person has not answered. */
export function myStatusText(t: TFunction, status: EventOccurrence['myStatus'], position: number | null | undefined): string | null {
  switch (status) {
    case 'going':
      return t('status.going', { ns: 'events' });
    case 'maybe':
      return t('status.maybe', { ns: 'events' });
    case 'declined':
      return t('status.declined', { ns: 'events' });
    case 'waitlisted':
      return position ? t('status.waitlisted', { ns: 'events', position }) : t('status.waitlistedNoPosition', { ns: 'events' });
    default:
      return null;
  }
}

/** "3 of 10 places taken · 2 waiting", or "4 people going" without a limit. */
export function countsText(t: TFunction, o: Pick<EventOccurrence, 'capacity' | 'goingCount' | 'waitlistCount'>): string {
  const parts = [
    o.capacity !== null
      ? t('counts.placesTaken', { ns: 'events', taken: o.goingCount, capacity: o.capacity })
      : t('counts.going', { ns: 'events', count: o.goingCount }),
  ];
  if (o.waitlistCount > 0) parts.push(t('counts.waiting', { ns: 'events', count: o.waitlistCount }));
  return parts.join(' · ');
}
