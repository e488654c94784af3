import { z } from 'zod';
import { isoDateTime, text, timeZoneSchema, webUrl } from './common.schema.js';
import { plainText } from './spaces.schema.js';

export const EVENT_KINDS = ['community', 'multiplier', 'training', 'mentor_meeting', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const RSVP_STATUSES = ['going', 'maybe', 'declined'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number] | 'waitlisted';

/** Practical information shown as icons with text; translated as `events:practicalities.<key>`. */
export const PRACTICALITIES = ['stepFree', 'food', 'travelCosts', 'childcare', 'petsWelcome', 'noIdNeeded', 'freeOfCharge'] as const;
export type Practicality = (typeof PRACTICALITIES)[number];

/** Where people take part: in one place, online only, or both. Events made before the flag are in person. */
export const EVENT_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

/** `GET /api/events` expands recurrences over at most this many days. */
export const EVENT_WINDOW_MAX_DAYS = 400;
/**
 * …and only near today: from at most this many days back to at most this many days ahead. A
 * calendar far in the past or future is nobody's need, and each window costs the server work.
 */
export const EVENT_WINDOW_PAST_DAYS = 2 * 366;
export const EVENT_WINDOW_FUTURE_DAYS = 5 * 366;
export const EVENT_TITLE_MAX = 200;


export const locationSchema = z.strictObject({
  name: plainText(200).optional(),
  address: plainText(300).optional(),
  /** Online meeting link, shown only to people who are going. */
  url: webUrl().optional(),
  accessibility: plainText(1000).optional(),
});

/** Line breaks and tabs are refused too: a title is one line everywhere, calendar files included. */
const LINE_BREAK = /[\t\n\r\u0085\u2028\u2029]/;

const eventFields = {
  title: text(EVENT_TITLE_MAX)
    .min(1, { error: 'validation.required' })
    .refine((s) => !LINE_BREAK.test(s), { error: 'validation.controlCharacters' }),
  /** Rich text (the story editor's set), as a tiptap JSON document. */
  description: z.unknown().optional(),
  kind: z.enum(EVENT_KINDS, { error: 'validation.eventKind' }),
  /** Optional: left out, an event is in person (as every event was before the flag). */
  format: z.enum(EVENT_FORMATS, { error: 'validation.invalidValue' }).optional(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  timezone: timeZoneSchema,
  allDay: z.boolean({ error: 'validation.invalidType' }).optional(),
  rrule: text(500).nullish(),
  location: locationSchema.nullish(),
  practicalities: z.array(z.enum(PRACTICALITIES, { error: 'validation.invalidValue' })).max(PRACTICALITIES.length).optional(),
  /** Languages interpreters cover, as free text codes or names. */
  interpreters: z.array(plainText(40)).max(10).optional(),
  capacity: z.number({ error: 'validation.invalidType' }).int({ error: 'validation.capacity' }).min(1, { error: 'validation.capacity' }).max(100_000).nullish(),
  spaceId: z.uuid({ error: 'validation.uuid' }).nullish(),
  /**
   * A public event (no space) belongs to an organisation: its staff post and manage it. This
   * replaced the free-text `organizer`, which the API no longer takes.
   */
  organizationId: z.uuid({ error: 'validation.uuid' }).nullish(),
};

export const createEventSchema = z.strictObject(eventFields);
export type CreateEventInput = z.infer<typeof createEventSchema>;
export const updateEventSchema = z.strictObject(eventFields).omit({ spaceId: true }).partial();
export type UpdateEventInput = z.infer<typeof updateEventSchema>;

export const listEventsQuerySchema = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  spaceId: z.uuid({ error: 'validation.uuid' }).optional(),
  kind: z.enum(EVENT_KINDS, { error: 'validation.eventKind' }).optional(),
  mine: z.enum(['true', 'false']).optional(),
  /** Page through the window, soonest first; without a limit the whole window comes at once (capped). */
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).optional(),
  cursor: text(200).optional(),
  /**
   * `mySpaces`: the answer also lists the spaces the reader belongs to (empty for a visitor), for a
   * filter by space, so the events page needs one request, not two.
   */
  include: z.enum(['mySpaces'], { error: 'validation.invalidValue' }).optional(),
});

/** A space a list can be filtered by, or link to: `include=mySpaces` on GET /api/events. */
export interface SpaceChoice {
  id: string;
  slug: string;
  name: string;
}

/** `GET /api/events/:id/attendees`: one occurrence of a series (its original start). */
export const attendeesQuerySchema = z.object({ occurrence: isoDateTime.optional() });

export const rsvpSchema = z.strictObject({
  status: z.enum(RSVP_STATUSES, { error: 'validation.rsvpStatus' }),
  /** The occurrence's original start; required for recurring events. */
  occurrence: isoDateTime.optional(),
});
export type RsvpInput = z.infer<typeof rsvpSchema>;

export const cancelEventSchema = z.strictObject({
  message: plainText(1000).optional(),
  occurrence: isoDateTime.optional(),
});

export const moveOccurrenceSchema = z.strictObject({
  occurrence: isoDateTime,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  message: plainText(1000).optional(),
});

export const reminderPreferencesSchema = z.strictObject({
  /** Minutes before the start; empty for no reminders. */
  minutesBefore: z.array(z.number().int().min(5).max(7 * 24 * 60)).max(4),
});

export interface EventOccurrence {
  eventId: string;
  /** The occurrence's original start: its id for RSVPs, even after it is moved. */
  occurrence: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  allDay: boolean;
  title: string;
  kind: EventKind;
  format: EventFormat;
  spaceId: string | null;
  recurring: boolean;
  cancelled: boolean;
  cancelMessage: string | null;
  moved: boolean;
  /** Place name and address, for an agenda that shows where without asking per event. */
  place: string | null;
  practicalities: Practicality[];
  capacity: number | null;
  goingCount: number;
  waitlistCount: number;
  myStatus: RsvpStatus | null;
  myWaitlistPosition: number | null;
}

export interface EventDetails {
  id: string;
  uid: string;
  title: string;
  description: unknown;
  descriptionHtml: string;
  kind: EventKind;
  format: EventFormat;
  startsAt: string;
  endsAt: string;
  timezone: string;
  allDay: boolean;
  rrule: string | null;
  location: { name: string | null; address: string | null; url: string | null; accessibility: string | null };
  practicalities: Practicality[];
  interpreters: string[];
  capacity: number | null;
  spaceId: string | null;
  /** The organisation's name when it has one, else the organiser as written. */
  organizer: string | null;
  organizationId: string | null;
  /** The organisation a public event is posted for, with whether a platform admin verified it. */
  organization: { id: string; slug: string; name: string; verified: boolean } | null;
  cancelledAt: string | null;
  cancelMessage: string | null;
  canManage: boolean;
  createdAt: string;
}
