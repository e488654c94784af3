import { Injectable } from '@nestjs/common';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus, escape, type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { randomSecret, sha256 } from '../../core/auth/secrets.js';
import { AppError } from '../../core/errors/app-error.js';
import { parseRichText } from '../../core/rich-text/rich-text.js';
import { timeSlices } from '../../core/scheduling/time-slices.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { canView } from './events.policy.js';
import { EventsRepository, type EventRow, type ExceptionRow } from './events.repository.js';
import { occurrencesInSlices } from './events.service.js';
import { repeats } from './recurrence.js';

const HORIZON_DAYS = 400;
const DAY = 86_400_000;
/** A feed holds at most this many events (VEVENTs): a phone re-reads it every few hours. */
export const MAX_FEED_EVENTS = 2000;

/**
 * iCalendar (RFC 5545) feeds: one event, a space's calendar, and a personal feed behind a
 * secret, revocable token so a phone can subscribe without a session. Times carry their TZID
 * with a VTIMEZONE; a series is one VEVENT with RRULE and EXDATE, moved occurrences are
 * RECURRENCE-ID overrides, and UIDs stay the same across edits.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repo: EventsRepository,
    private readonly spaces: SpacesService,
  ) {}

  async eventFeed(user: AuthUser | undefined, id: string): Promise<string> {
    const row = await this.repo.find(user?.id ?? null, id);
    if (!row || (row.moderation_state !== 'visible' && row.created_by !== user?.id) || !canView({ userId: user?.id ?? null, platformRoles: user?.roles ?? [], spaceRole: row.viewer_space_role }, { spaceId: row.space_id, createdBy: row.created_by })) {
      throw new AppError('EVENT_NOT_FOUND');
    }
    const cal = this.calendar(row.title);
    this.addSeries(cal, row, await this.repo.exceptions([row.id]));
    return cal.toString();
  }

  async spaceFeed(user: AuthUser | undefined, spaceId: string): Promise<string> {
    if (!user) throw new AppError('UNAUTHENTICATED');
    const space = await this.spaces.authorize(user, spaceId, 'read');
    const now = Date.now();
    const rows = await this.repo.candidates(user.id, { from: new Date(now - 30 * DAY), to: new Date(now + HORIZON_DAYS * DAY), spaceId: space.id, mineOnly: false });
    const exceptions = await this.repo.exceptions(rows.map((r) => r.id));
    const cal = this.calendar(space.slug);
    for (const row of rows.slice(0, MAX_FEED_EVENTS)) this.addSeries(cal, row, exceptions);
    return cal.toString();
  }

  /** The occurrences the feed's owner is going to (or might go to), one VEVENT each. */
  async personalFeed(token: string): Promise<string> {
    const owner = await this.repo.feedOwner(sha256(token));
    if (!owner) throw new AppError('FEED_NOT_FOUND');
    const now = Date.now();
    const from = new Date(now - 30 * DAY);
    const rows = await this.repo.candidates(owner.id, { from, to: new Date(now + HORIZON_DAYS * DAY), mineOnly: true });
    const ids = rows.map((r) => r.id);
    const [exceptions, mine] = await Promise.all([this.repo.exceptions(ids), this.repo.myRsvps(owner.id, ids)]);
    const answers = new Map(mine.map((r) => [`${r.event_id}|${r.occurrence.getTime()}`, r.status]));
    const cal = this.calendar('Sorstárs');
    const pause = timeSlices();
    for (const row of rows) {
      if (cal.events().length >= MAX_FEED_EVENTS) break;
      for (const o of await occurrencesInSlices(row, exceptions, from, new Date(now + HORIZON_DAYS * DAY), pause)) {
        const status = answers.get(`${row.id}|${o.occurrence.getTime()}`);
        if (status !== 'going' && status !== 'maybe') continue;
        cal.createEvent({
          id: `${row.id}-${o.occurrence.getTime()}@sorstars`,
          start: DateTime.fromJSDate(o.startsAt, { zone: row.timezone }),
          end: DateTime.fromJSDate(o.endsAt, { zone: row.timezone }),
          timezone: row.timezone,
          summary: row.title,
          description: describe(row, status === 'going'),
          location: place(row),
          status: o.cancelled ? ICalEventStatus.CANCELLED : status === 'maybe' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        });
      }
    }
    return cal.toString();
  }

  /** The person behind a personal feed token, as a caller with no other rights. */
  async feedUser(token: string): Promise<AuthUser | undefined> {
    const owner = await this.repo.feedOwner(sha256(token));
    return owner
      ? { id: owner.id, username: owner.username, displayName: null, locale: owner.locale as AuthUser['locale'], roles: owner.roles as AuthUser['roles'], via: 'token', credentialId: 'calendar-feed' }
      : undefined;
  }

  /** A new secret feed address; the old one stops working. */
  async rotateFeed(user: AuthUser): Promise<{ token: string; path: string }> {
    const token = randomSecret();
    await this.repo.setFeedToken(user.id, sha256(token));
    return { token, path: `/api/calendar/${token}.ics` };
  }

  async revokeFeed(user: AuthUser): Promise<void> {
    await this.repo.deleteFeedToken(user.id);
  }

  async hasFeed(user: AuthUser): Promise<{ active: boolean }> {
    return { active: await this.repo.hasFeed(user.id) };
  }

  /**
   * ical-generator escapes and folds the text of events but writes the calendar's NAME and
   * X-WR-CALNAME as given: a line break in an event title would start new properties (whole
   * VEVENTs) there. Escaped here, the one place calendars are made, the name is text like the rest.
   */
  private calendar(name: string): ICalCalendar {
    return ical({ name: escape(name, false), prodId: { company: 'Sorstárs', product: 'calendar', language: 'EN' }, timezone: { name: null, generator: getVtimezoneComponent } });
  }

  private addSeries(cal: ICalCalendar, row: EventRow, exceptions: ExceptionRow[]): void {
    const zone = row.timezone;
    const mine = exceptions.filter((x) => x.event_id === row.id);
    const local = (d: Date) => DateTime.fromJSDate(d, { zone });
    const exdates = mine.filter((x) => x.kind === 'cancelled').map((x) => `EXDATE;TZID=${zone}:${local(x.occurrence).toFormat("yyyyMMdd'T'HHmmss")}`);
    const uid = `${row.id}@sorstars`;
    cal.createEvent({
      id: uid,
      start: local(row.starts_at),
      end: local(row.ends_at),
      timezone: zone,
      allDay: row.all_day,
      summary: row.title,
      description: describe(row, false),
      location: place(row),
      status: row.cancelled_at ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // A rule saved before rules were checked is left out, as the API lists such an event once.
      ...(row.rrule && repeats({ startsAt: row.starts_at, endsAt: row.ends_at, timezone: zone, rrule: row.rrule }) && { repeating: [`RRULE:${row.rrule}`, ...exdates].join('\n') }),
    });
    for (const x of mine.filter((e) => e.kind === 'moved' && e.starts_at && e.ends_at)) {
      cal.createEvent({
        id: uid,
        recurrenceId: local(x.occurrence),
        start: local(x.starts_at!),
        end: local(x.ends_at!),
        timezone: zone,
        summary: row.title,
        description: describe(row, false),
        location: place(row),
        status: row.cancelled_at ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
  }
}

/** Where: the place, and for online or hybrid events the word "Online" (the link itself is in the description, for those going). */
const place = (row: EventRow) => {
  const where = [row.location_name, row.location_address].filter(Boolean).join(', ');
  if (row.format === 'online') return where ? `Online (${where})` : 'Online';
  if (row.format === 'hybrid') return where ? `${where} + online` : 'Online';
  return where || null;
};

const FORMAT_LINE = { in_person: '', online: 'Online event.', hybrid: 'Hybrid event: in person and online.' } as const;

/** Plain text from the stored document; the online link only in the personal feed of someone who is going. */
function describe(row: EventRow, withLink: boolean): string {
  const body = row.description ? parseRichText('story', row.description, 'description').text : '';
  const text = [FORMAT_LINE[row.format], body].filter(Boolean).join('\n\n');
  return withLink && row.location_url ? `${text}\n\n${row.location_url}`.trim() : text;
}
