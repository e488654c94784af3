import {
  EVENT_FORMATS,
  EVENT_KINDS,
  PRACTICALITIES,
  RSVP_STATUSES,
  type EventDetails,
  type EventOccurrence,
  type Space,
  type SpaceChoice,
} from '@sorstars/shared';
import { api, type ApiResult, type Parser } from './api.server';
import { spacePageSchema } from './spaces.server';
import { isValidZone } from '~/components/events/time';

/*
 * The API's event answers, checked field by field before a page uses them (the shared package
 * describes them as TypeScript interfaces only).
 */
type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNullableString: Check = (v) => v === null || typeof v === 'string';
const isNullableNumber: Check = (v) => v === null || typeof v === 'number';
const isNumber: Check = (v) => typeof v === 'number';
const isBoolean: Check = (v) => typeof v === 'boolean';
const oneOf =
  (list: readonly (string | null)[]): Check =>
  (v) =>
    list.includes(v as string | null);
const arrayOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFields(value: unknown, fields: Record<string, Check>): string | null {
  if (!isObject(value)) return 'not an object';
  for (const [name, check] of Object.entries(fields)) if (!check(value[name])) return `field ${name}`;
  return null;
}
function parser<T>(check: (value: unknown) => string | null): Parser<T> {
  return {
    safeParse(value) {
      const problem = check(value);
      return problem ? { success: false, error: problem } : { success: true, data: value as T };
    },
  };
}
const itemsOf = (fields: Record<string, Check>) => (value: unknown) => {
  if (!isObject(value) || !Array.isArray(value.items)) return 'items is not a list';
  for (const item of value.items) {
    const problem = checkFields(item, fields);
    if (problem) return problem;
  }
  return null;
};

const MY_STATUSES = [...RSVP_STATUSES, 'waitlisted', null];

const OCCURRENCE_FIELDS: Record<string, Check> = {
  eventId: isString,
  occurrence: isString,
  startsAt: isString,
  endsAt: isString,
  timezone: isString,
  allDay: isBoolean,
  title: isString,
  kind: oneOf(EVENT_KINDS),
  spaceId: isNullableString,
  recurring: isBoolean,
  cancelled: isBoolean,
  cancelMessage: isNullableString,
  moved: isBoolean,
  place: isNullableString,
  practicalities: arrayOf(isString),
  capacity: isNullableNumber,
  goingCount: isNumber,
  waitlistCount: isNumber,
  myStatus: oneOf(MY_STATUSES),
  myWaitlistPosition: isNullableNumber,
};

const DETAILS_FIELDS: Record<string, Check> = {
  id: isString,
  title: isString,
  descriptionHtml: isString,
  kind: oneOf(EVENT_KINDS),
  format: oneOf(EVENT_FORMATS),
  startsAt: isString,
  endsAt: isString,
  timezone: isString,
  allDay: isBoolean,
  rrule: isNullableString,
  location: (v) => checkFields(v, { name: isNullableString, address: isNullableString, url: isNullableString, accessibility: isNullableString }) === null,
  practicalities: arrayOf(oneOf(PRACTICALITIES)),
  interpreters: arrayOf(isString),
  capacity: isNullableNumber,
  spaceId: isNullableString,
  organizer: isNullableString,
  organization: (v) => v === null || checkFields(v, { id: isString, slug: isString, name: isString, verified: isBoolean }) === null,
  cancelledAt: isNullableString,
  cancelMessage: isNullableString,
  canManage: isBoolean,
};

const isSpaceChoice: Check = (v) => checkFields(v, { id: isString, slug: isString, name: isString }) === null;
/** GET /api/events; with `include=mySpaces`, also the reader's spaces (for a filter, or a space's name). */
export const occurrenceListSchema = parser<{ items: EventOccurrence[]; mySpaces?: SpaceChoice[] }>(
  (value) => itemsOf(OCCURRENCE_FIELDS)(value) ?? (isObject(value) && (value.mySpaces === undefined || arrayOf(isSpaceChoice)(value.mySpaces)) ? null : 'field mySpaces'),
);
export const eventDetailsSchema = parser<EventDetails>((v) => checkFields(v, DETAILS_FIELDS));
export const rsvpResultSchema = parser<{ status: EventOccurrence['myStatus'] & string; position?: number }>((v) =>
  checkFields(v, { status: oneOf(MY_STATUSES.filter(Boolean)), position: (p) => p === undefined || typeof p === 'number' }),
);

export interface Attendee {
  user: { id: string; username: string; displayName: string | null };
  status: string;
  since: string;
}
export const attendeeListSchema = parser<{ items: Attendee[] }>(
  itemsOf({
    user: (u) => checkFields(u, { id: isString, username: isString, displayName: isNullableString }) === null,
    status: isString,
    since: isString,
  }),
);

export const feedStateSchema = parser<{ active: boolean }>((v) => checkFields(v, { active: isBoolean }));
export const createdFeedSchema = parser<{ token: string; path: string }>((v) => checkFields(v, { token: isString, path: isString }));
export const remindersSchema = parser<{ minutesBefore: number[] }>((v) => checkFields(v, { minutesBefore: arrayOf(isNumber) }));

export interface AppNotification {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
export const notificationListSchema = parser<{ items: AppNotification[]; unread: number; nextCursor?: string | null }>((v) => {
  if (!isObject(v) || typeof v.unread !== 'number') return 'unread is not a number';
  if (v.nextCursor !== undefined && v.nextCursor !== null && typeof v.nextCursor !== 'string') return 'nextCursor is not a string';
  return itemsOf({ id: isString, kind: isString, data: isObject, createdAt: isString, readAt: isNullableString })(v);
});

/** The reader's time zone, from the `tz` cookie the events pages' little script sets. */
export function readerZone(request: Request): string | null {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'tz') {
      let value = '';
      try {
        value = decodeURIComponent(rest.join('='));
      } catch {
        return null;
      }
      return isValidZone(value) ? value : null;
    }
  }
  return null;
}

/** Spaces the person belongs to (for filters and names); empty when not signed in or unreachable. */
export async function mySpaces(request: Request, locale: string): Promise<Space[]> {
  const result = await api(request, '/api/spaces?mine=true&limit=100', { schema: spacePageSchema, locale });
  return result.ok ? result.data.items : [];
}

/**
 * The reader's spaces from an events answer asked with `include=mySpaces`; when that answer failed
 * (a window the API does not serve), asked on their own, so the page can still offer or name them.
 */
export async function readerSpaces(request: Request, locale: string, answer: ApiResult<{ mySpaces?: SpaceChoice[] }>): Promise<SpaceChoice[]> {
  if (answer.ok) return answer.data.mySpaces ?? [];
  return (await mySpaces(request, locale)).map(({ id, slug, name }) => ({ id, slug, name }));
}
