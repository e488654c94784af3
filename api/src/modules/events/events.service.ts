import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  EVENT_WINDOW_FUTURE_DAYS,
  EVENT_WINDOW_MAX_DAYS,
  EVENT_WINDOW_PAST_DAYS,
  type CreateEventInput,
  type EventDetails,
  type EventOccurrence,
  type RsvpInput,
  type RsvpStatus,
  type SpaceChoice,
  type UpdateEventInput,
} from '@sorstars/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { decodeCursor, encodeCursor } from '../../core/pagination/cursor.js';
import { AppError } from '../../core/errors/app-error.js';
import { parseRichText } from '../../core/rich-text/rich-text.js';
import { timeSlices } from '../../core/scheduling/time-slices.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { SPACE_MEMBER_LEFT, SpacesService, type SpaceMemberLeft } from '../spaces/spaces.service.js';
import { canCreate, canManage, canRsvp, canView, type EventViewer } from './events.policy.js';
import { EventsRepository, type EventRow, type EventWrite, type EventsWithDates, type ExceptionRow } from './events.repository.js';
import { expand, isOccurrence, isValidZone, normaliseRrule } from './recurrence.js';
import { MAX_RECURRING_DURATION_MS } from './recurrence-rules.js';
import { MaterialFiles } from './materials/material-files.js';

const DAY = 86_400_000;
const DEFAULT_WINDOW_DAYS = 60;
/** A page of a window when a cursor comes without a limit. */
const DEFAULT_PAGE = 20;
/** One answer lists at most this many occurrences, however many events fall in the window. */
export const MAX_OCCURRENCES_PER_LIST = 1000;
const EMPTY_DOC = { type: 'doc', content: [{ type: 'paragraph' }] };
/** `include=mySpaces` lists this many of the reader's spaces, as many as GET /api/spaces's largest page. */
const MY_SPACES_LISTED = 100;

interface OccurrenceQuery {
  from?: string;
  to?: string;
  spaceId?: string;
  kind?: EventOccurrence['kind'];
  mine?: 'true' | 'false';
  limit?: number;
  cursor?: string;
}

const viewerOf = (user: AuthUser | undefined, row?: EventRow): EventViewer => ({
  userId: user?.id ?? null,
  platformRoles: user?.roles ?? [],
  spaceRole: row?.viewer_space_role ?? null,
  orgRole: row?.viewer_org_role ?? null,
});
const subjectOf = (row: EventRow) => ({ spaceId: row.space_id, createdBy: row.created_by });
/** News about an event of a space reaches only the space's members at the moment it is sent. */
export const about = (row: { space_id: string | null }) => ({ spaceId: row.space_id });
const key = (eventId: string, occurrence: Date) => `${eventId}|${occurrence.toISOString()}`;

/** An event's occurrences in a window, with exceptions applied: cancelled ones stay listed, marked. */
export function occurrencesOf(row: EventRow, exceptions: ExceptionRow[], from: Date, to: Date) {
  const mine = exceptions.filter((x) => x.event_id === row.id);
  const byOccurrence = new Map(mine.map((x) => [x.occurrence.getTime(), x]));
  const series = { startsAt: row.starts_at, endsAt: row.ends_at, timezone: row.timezone, rrule: row.rrule };
  const found = expand(series, from, to);
  // An occurrence moved into the window from outside it belongs here too (and one moved out does not).
  const seen = new Set(found.map((o) => o.occurrence.getTime()));
  for (const x of mine) {
    if (x.kind !== 'moved' || !x.starts_at || !x.ends_at || seen.has(x.occurrence.getTime())) continue;
    if (x.starts_at < to && x.ends_at > from && isOccurrence(series, x.occurrence)) {
      found.push({ occurrence: x.occurrence, startsAt: x.occurrence, endsAt: new Date(x.occurrence.getTime() + (row.ends_at.getTime() - row.starts_at.getTime())) });
    }
  }
  return found.map((o) => {
    const x = byOccurrence.get(o.occurrence.getTime());
    const moved = x?.kind === 'moved' && x.starts_at && x.ends_at;
    return {
      occurrence: o.occurrence,
      startsAt: moved ? x.starts_at! : o.startsAt,
      endsAt: moved ? x.ends_at! : o.endsAt,
      cancelled: row.cancelled_at !== null || x?.kind === 'cancelled',
      cancelMessage: row.cancelled_at ? row.cancel_message : x?.kind === 'cancelled' ? x.message : null,
      moved: !!moved,
    };
  }).filter((o) => o.startsAt < to && o.endsAt > from);
}

/** A window of a series is expanded this much at a time, so one step stays short. */
const SLICE_DAYS = 31;

/**
 * occurrencesOf over a long window, a month at a time with `pause` between, each occurrence once.
 * A daily series over 400 days is then 13 short steps instead of one long one.
 */
export async function occurrencesInSlices(row: EventRow, exceptions: ExceptionRow[], from: Date, to: Date, pause: () => Promise<void>) {
  if (!row.rrule) return occurrencesOf(row, exceptions, from, to);
  const out: ReturnType<typeof occurrencesOf> = [];
  const seen = new Set<number>();
  for (let at = from.getTime(); at < to.getTime(); at += SLICE_DAYS * DAY) {
    await pause();
    for (const o of occurrencesOf(row, exceptions, new Date(at), new Date(Math.min(at + SLICE_DAYS * DAY, to.getTime())))) {
      if (seen.has(o.occurrence.getTime())) continue;
      seen.add(o.occurrence.getTime());
      out.push(o);
    }
  }
  return out;
}

@Injectable()
export class EventsService {
  constructor(
    private readonly repo: EventsRepository,
    private readonly spaces: SpacesService,
    private readonly notifications: NotificationsService,
    private readonly organizations: OrganizationsService,
    private readonly materialFiles: MaterialFiles,
  ) {}

  /**
   * The event as the caller may see it, and whether they manage it: for the parts of an event
   * kept beside it (materials, feedback). Absent (404) to whoever may not see it.
   */
  async access(user: AuthUser | undefined, id: string): Promise<{ row: EventRow; manage: boolean }> {
    const row = await this.visible(user, id);
    return { row, manage: canManage(viewerOf(user, row), subjectOf(row)) };
  }

  /** As `access`, for what only the event's managers touch: to anyone else the event is not there (404). */
  async managing(user: AuthUser, id: string): Promise<EventRow> {
    const { row, manage } = await this.access(user, id);
    if (!manage) throw new AppError('EVENT_NOT_FOUND');
    return row;
  }

  /** Deletes the event with everything attached to it, its files on disk included. */
  async remove(user: AuthUser, id: string): Promise<void> {
    const row = await this.managed(user, id);
    await this.repo.transaction((m) => this.repo.remove(m, row.id));
    await this.materialFiles.removeEvent(row.id);
  }

  /**
   * The occurrences in a window; with `include=mySpaces`, also the spaces the reader belongs to, for
   * the events page's filter by space: read beside the occurrences, one request instead of two.
   */
  async list(user: AuthUser | undefined, q: OccurrenceQuery & { include?: 'mySpaces' }): Promise<{ items: EventOccurrence[]; nextCursor: string | null; mySpaces?: SpaceChoice[] }> {
    if (q.include !== 'mySpaces') return this.occurrences(user, q);
    const [page, spaces] = await Promise.all([
      this.occurrences(user, q),
      user ? this.spaces.myChoices(user, MY_SPACES_LISTED) : [],
    ]);
    return { ...page, mySpaces: spaces };
  }

  /** Occurrences in [from, to), recurring events expanded; at most 400 days at a time. */
  private async occurrences(user: AuthUser | undefined, q: OccurrenceQuery): Promise<{ items: EventOccurrence[]; nextCursor: string | null }> {
    const from = q.from ? new Date(q.from) : new Date(Date.now() - DAY);
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + DEFAULT_WINDOW_DAYS * DAY);
    if (to <= from) throw new AppError('EVENT_INVALID_TIME', [{ path: 'to', message: 'validation.windowOrder' }]);
    if (to.getTime() - from.getTime() > EVENT_WINDOW_MAX_DAYS * DAY) {
      throw new AppError('EVENT_WINDOW_TOO_LARGE', [{ path: 'to', message: 'validation.windowTooLarge' }]);
    }
    const now = Date.now();
    if (from.getTime() < now - EVENT_WINDOW_PAST_DAYS * DAY || from.getTime() > now + EVENT_WINDOW_FUTURE_DAYS * DAY) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'from', message: 'validation.windowRange' }]);
    }
    if (to.getTime() > now + EVENT_WINDOW_FUTURE_DAYS * DAY) throw new AppError('VALIDATION_FAILED', [{ path: 'to', message: 'validation.windowRange' }]);
    if (q.mine === 'true' && !user) throw new AppError('UNAUTHENTICATED');
    const filter = { from, to, spaceId: q.spaceId, kind: q.kind, mineOnly: q.mine === 'true' };
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const paged = q.limit !== undefined || after !== null;
    const limit = Math.min(q.limit ?? DEFAULT_PAGE, MAX_OCCURRENCES_PER_LIST);
    const startsFrom = after && new Date(after.at) > from ? new Date(after.at) : from;
    const { rows, more, exceptions, counts, mine } = paged
      ? await this.pageWithDates(user, { ...filter, startsFrom, limit, running: startsFrom.getTime() === from.getTime() })
      : { ...(await this.repo.windowWithDates(user?.id ?? null, filter)), more: false };
    const countBy = new Map(counts.map((c) => [key(c.event_id, c.occurrence), c]));
    const mineBy = new Map(mine.map((r) => [key(r.event_id, r.occurrence), r]));
    const items: EventOccurrence[] = [];
    // Expansion goes in short steps; between them other requests get their turn.
    const pause = timeSlices();
    for (const row of rows) {
      if (items.length >= MAX_OCCURRENCES_PER_LIST) break;
      for (const o of await occurrencesInSlices(row, exceptions, from, to, pause)) {
        const k = key(row.id, o.occurrence);
        const my = mineBy.get(k);
        if (q.mine === 'true' && (!my || my.status === 'declined')) continue;
        items.push({
          eventId: row.id,
          occurrence: o.occurrence.toISOString(),
          startsAt: o.startsAt.toISOString(),
          endsAt: o.endsAt.toISOString(),
          timezone: row.timezone,
          allDay: row.all_day,
          title: row.title,
          kind: row.kind,
          format: row.format,
          spaceId: row.space_id,
          recurring: row.rrule !== null,
          cancelled: o.cancelled,
          cancelMessage: o.cancelMessage,
          moved: o.moved,
          place: [row.location_name, row.location_address].filter(Boolean).join(', ') || null,
          practicalities: row.practicalities,
          capacity: row.capacity,
          goingCount: countBy.get(k)?.going ?? 0,
          waitlistCount: countBy.get(k)?.waitlisted ?? 0,
          myStatus: my?.status ?? null,
          myWaitlistPosition: my?.position ?? null,
        });
      }
    }
    items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.eventId.localeCompare(b.eventId));
    if (!paged) return { items: items.slice(0, MAX_OCCURRENCES_PER_LIST), nextCursor: null };
    // A page: what comes after the cursor, `limit` of it; the cursor is the last one's start and event.
    const rest = after ? items.filter((o) => o.startsAt > after.at || (o.startsAt === after.at && o.eventId > after.id)) : items;
    const page = rest.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: last && (more || rest.length > limit) ? encodeCursor(new Date(last.startsAt), last.eventId) : null };
  }

  /** One page's candidate events, then what the list shows of their dates. */
  private async pageWithDates(user: AuthUser | undefined, f: Parameters<EventsRepository['pageCandidates']>[1]): Promise<EventsWithDates & { more: boolean }> {
    const { rows, more } = await this.repo.pageCandidates(user?.id ?? null, f);
    const ids = rows.map((r) => r.id);
    const [exceptions, counts, mine] = await Promise.all([this.repo.exceptions(ids), this.repo.counts(ids), user ? this.repo.myRsvps(user.id, ids) : []]);
    return { rows, more, exceptions, counts, mine };
  }

  async get(user: AuthUser | undefined, id: string): Promise<EventDetails> {
    const row = await this.visible(user, id);
    const going = user ? (await this.repo.myRsvps(user.id, [row.id])).some((r) => r.status === 'going') : false;
    const manage = canManage(viewerOf(user, row), subjectOf(row));
    return this.toDetails(row, manage, going || manage);
  }

  async create(user: AuthUser, input: CreateEventInput): Promise<EventDetails> {
    let spaceRole = null;
    if (input.spaceId) spaceRole = (await this.spaces.authorize(user, input.spaceId, 'read')).role;
    const target = { spaceId: input.spaceId ?? null, organizationId: input.organizationId ?? null };
    // A public event belongs to an organisation: saying which is part of the input, like a title.
    if (!target.spaceId && !target.organizationId) throw new AppError('VALIDATION_FAILED', [{ path: 'organizationId', message: 'validation.required' }]);
    const orgRole = await this.postingFor(user, target.organizationId, target.spaceId);
    if (!canCreate({ userId: user.id, platformRoles: user.roles, spaceRole, orgRole }, target)) throw new AppError('FORBIDDEN');
    const write = this.prepare(input);
    const id = await this.repo.transaction((m) => this.repo.insert(m, input.spaceId ?? null, user.id, write));
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, input: UpdateEventInput): Promise<EventDetails> {
    const row = await this.managed(user, id);
    const write = this.prepare({
      title: input.title ?? row.title,
      description: input.description ?? row.description ?? undefined,
      kind: input.kind ?? row.kind,
      format: input.format ?? row.format,
      startsAt: input.startsAt ?? row.starts_at.toISOString(),
      endsAt: input.endsAt ?? row.ends_at.toISOString(),
      timezone: input.timezone ?? row.timezone,
      allDay: input.allDay ?? row.all_day,
      rrule: input.rrule === undefined ? row.rrule : input.rrule,
      location: input.location === undefined
        ? { name: row.location_name ?? undefined, address: row.location_address ?? undefined, url: row.location_url ?? undefined, accessibility: row.location_accessibility ?? undefined }
        : input.location,
      practicalities: input.practicalities ?? row.practicalities,
      interpreters: input.interpreters ?? row.interpreters,
      capacity: input.capacity === undefined ? row.capacity : input.capacity,
      organizationId: input.organizationId === undefined ? row.organization_id : input.organizationId,
    }, row.organizer);
    if (!row.space_id && input.organizationId === null) throw new AppError('VALIDATION_FAILED', [{ path: 'organizationId', message: 'validation.required' }]);
    if (input.organizationId && input.organizationId !== row.organization_id) await this.postingFor(user, input.organizationId, row.space_id);
    await this.repo.transaction((m) => this.repo.update(m, row.id, write));
    for (const userId of await this.repo.interested(row.id, null)) {
      await this.notifications.notify(userId, 'event.changed', { eventId: row.id, title: write.title }, null, undefined, about(row));
    }
    return this.get(user, row.id);
  }

  /** Cancels the whole event, or one occurrence; everyone who answered is told. */
  async cancel(user: AuthUser, id: string, input: { message?: string; occurrence?: string }): Promise<EventDetails> {
    const row = await this.managed(user, id);
    const occurrence = input.occurrence ? this.occurrenceOf(row, input.occurrence) : null;
    await this.repo.transaction((m) =>
      occurrence
        ? this.repo.setException(m, row.id, occurrence, 'cancelled', null, null, input.message ?? null)
        : this.repo.cancelEvent(m, row.id, input.message ?? null),
    );
    for (const userId of await this.repo.interested(row.id, occurrence)) {
      await this.notifications.notify(
        userId,
        'event.cancelled',
        { eventId: row.id, title: row.title, occurrence: occurrence?.toISOString() ?? null, message: input.message ?? null },
        null,
        undefined,
        about(row),
      );
    }
    return this.get(user, row.id);
  }

  /** Moves one occurrence; RSVPs stay with it (they are keyed by its original start). */
  async move(user: AuthUser, id: string, input: { occurrence: string; startsAt: string; endsAt: string; message?: string }): Promise<EventDetails> {
    const row = await this.managed(user, id);
    const occurrence = this.occurrenceOf(row, input.occurrence);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new AppError('EVENT_INVALID_TIME', [{ path: 'endsAt', message: 'validation.endBeforeStart' }]);
    await this.repo.transaction((m) => this.repo.setException(m, row.id, occurrence, 'moved', startsAt, endsAt, input.message ?? null));
    for (const userId of await this.repo.interested(row.id, occurrence)) {
      await this.notifications.notify(userId, 'event.moved', { eventId: row.id, title: row.title, occurrence: occurrence.toISOString(), startsAt: input.startsAt }, null, undefined, about(row));
    }
    return this.get(user, row.id);
  }

  /**
   * Going, maybe or declined for one occurrence. Over capacity, "going" joins the waitlist; when a
   * place frees up, the person waiting longest gets it at once and is told. The event row is
   * locked for the decision, so of many people racing for the last place exactly one gets it.
   */
  async rsvp(user: AuthUser, id: string, input: RsvpInput): Promise<{ status: RsvpStatus; position?: number }> {
    const row = await this.visible(user, id);
    if (!canRsvp(viewerOf(user, row), subjectOf(row))) throw new AppError('FORBIDDEN');
    const occurrence = this.occurrenceOf(row, input.occurrence ?? null);
    const [exception] = await this.repo.exceptions([row.id]).then((xs) => xs.filter((x) => x.occurrence.getTime() === occurrence.getTime()));
    if (row.cancelled_at || exception?.kind === 'cancelled') throw new AppError('OCCURRENCE_CANCELLED');
    const endsAt = exception?.kind === 'moved' && exception.ends_at ? exception.ends_at : new Date(occurrence.getTime() + (row.ends_at.getTime() - row.starts_at.getTime()));
    if (endsAt.getTime() < Date.now()) throw new AppError('EVENT_IN_PAST');

    const { status, promoted } = await this.repo.transaction(async (m) => {
      await this.repo.lock(m, row.id);
      const current = await this.repo.rsvpOf(m, row.id, occurrence, user.id);
      let next: RsvpStatus = input.status;
      if (input.status === 'going' && current !== 'going') {
        // Someone already waiting keeps their place in the queue.
        if (current === 'waitlisted') next = 'waitlisted';
        else if (row.capacity !== null && (await this.repo.goingCount(m, row.id, occurrence)) >= row.capacity) next = 'waitlisted';
      }
      if (next !== current) await this.repo.setRsvp(m, row.id, occurrence, user.id, next);
      const freed = current === 'going' && next !== 'going';
      return { status: next, promoted: freed ? await this.promote(m, row, occurrence) : null };
    });
    if (promoted) await this.tellPromoted(promoted, row, occurrence);
    if (status !== 'waitlisted') return { status };
    const mine = await this.repo.myRsvps(user.id, [row.id]);
    const position = mine.find((r) => r.occurrence.getTime() === occurrence.getTime())?.position ?? undefined;
    return { status, ...(position !== undefined && position !== null && { position }) };
  }

  /** Hosts see who is coming; others only see counts (in the list). */
  async attendees(user: AuthUser, id: string, occurrenceIso: string | undefined) {
    const row = await this.managed(user, id);
    const occurrence = this.occurrenceOf(row, occurrenceIso ?? null);
    const rows = await this.repo.attendees(row.id, occurrence);
    return {
      items: rows.map((r) => ({ user: { id: r.id, username: r.username, displayName: r.display_name }, status: r.status, since: r.updated_at.toISOString() })),
    };
  }

  async reminderPreferences(user: AuthUser): Promise<{ minutesBefore: number[] }> {
    return { minutesBefore: (await this.repo.reminderMinutes([user.id])).get(user.id) ?? DEFAULT_REMINDERS };
  }

  async setReminderPreferences(user: AuthUser, minutesBefore: number[]): Promise<{ minutesBefore: number[] }> {
    await this.repo.setReminderMinutes(user.id, [...new Set(minutesBefore)].sort((a, b) => b - a));
    return this.reminderPreferences(user);
  }

  /**
   * Someone left the space or was removed: their answers to its events end, and each place they
   * held goes to the person waiting longest, as when they cancel themselves.
   */
  @OnEvent(SPACE_MEMBER_LEFT)
  async onMemberLeft({ spaceId, userId }: SpaceMemberLeft): Promise<void> {
    for (const eventId of await this.repo.eventsAnsweredInSpace(spaceId, userId)) {
      const promoted = await this.repo.transaction(async (m) => {
        await this.repo.lock(m, eventId);
        const row = (await this.repo.find(null, eventId, m))!;
        const dropped = await this.repo.dropRsvps(m, eventId, userId);
        const out: { userId: string; occurrence: Date }[] = [];
        for (const r of dropped.filter((d) => d.status === 'going')) {
          const next = await this.promote(m, row, r.occurrence);
          if (next) out.push({ userId: next, occurrence: r.occurrence });
        }
        return { row, out };
      });
      for (const p of promoted.out) await this.tellPromoted(p.userId, promoted.row, p.occurrence);
    }
  }

  private tellPromoted(userId: string, row: EventRow, occurrence: Date) {
    const at = occurrence.toISOString();
    return this.notifications.notify(userId, 'event.promoted', { eventId: row.id, title: row.title, occurrence: at }, `promoted:${row.id}:${at}`, undefined, about(row));
  }

  /** Promotes the person waiting longest into a freed place; answers who it was. */
  private async promote(m: EntityManager, row: EventRow, occurrence: Date): Promise<string | null> {
    if (row.capacity !== null && (await this.repo.goingCount(m, row.id, occurrence)) >= row.capacity) return null;
    const next = await this.repo.firstWaiting(m, row.id, occurrence);
    if (next) await this.repo.setRsvp(m, row.id, occurrence, next, 'going');
    return next;
  }

  /** The occurrence named by its original start: required for recurring events. */
  private occurrenceOf(row: EventRow, iso: string | null): Date {
    if (!row.rrule) {
      if (iso && new Date(iso).getTime() !== row.starts_at.getTime()) throw new AppError('OCCURRENCE_NOT_FOUND');
      return row.starts_at;
    }
    if (!iso) throw new AppError('VALIDATION_FAILED', [{ path: 'occurrence', message: 'validation.occurrenceRequired' }]);
    const at = new Date(iso);
    if (!isOccurrence({ startsAt: row.starts_at, endsAt: row.ends_at, timezone: row.timezone, rrule: row.rrule }, at)) {
      throw new AppError('OCCURRENCE_NOT_FOUND');
    }
    return at;
  }

  /**
   * A public event posted for an organisation: only its staff (or platform admins) may. Answers the
   * caller's role there, for the policy.
   */
  private async postingFor(user: AuthUser, organizationId: string | null, spaceId: string | null) {
    if (!organizationId) return null;
    if (spaceId) throw new AppError('VALIDATION_FAILED', [{ path: 'organizationId', message: 'validation.invalidValue' }]);
    const org = await this.organizations.authorize(user, organizationId, 'postResource');
    return org.viewer_role;
  }

  private async visible(user: AuthUser | undefined, id: string): Promise<EventRow> {
    const row = await this.repo.find(user?.id ?? null, id);
    const moderated = row !== null && row.moderation_state !== 'visible' && row.created_by !== user?.id;
    if (!row || moderated || !canView(viewerOf(user, row), subjectOf(row))) throw new AppError('EVENT_NOT_FOUND');
    return row;
  }

  private async managed(user: AuthUser, id: string): Promise<EventRow> {
    const row = await this.visible(user, id);
    if (!canManage(viewerOf(user, row), subjectOf(row))) throw new AppError('FORBIDDEN');
    return row;
  }

  /** `organizer`: an old event's free-text organiser, kept as it was (new events have an organisation instead). */
  private prepare(input: Omit<CreateEventInput, 'spaceId'>, organizer: string | null = null): EventWrite {
    if (!isValidZone(input.timezone)) throw new AppError('VALIDATION_FAILED', [{ path: 'timezone', message: 'validation.timezone' }]);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new AppError('EVENT_INVALID_TIME', [{ path: 'endsAt', message: 'validation.endBeforeStart' }]);
    if (input.rrule && endsAt.getTime() - startsAt.getTime() > MAX_RECURRING_DURATION_MS) {
      throw new AppError('EVENT_INVALID_TIME', [{ path: 'endsAt', message: 'validation.recurringTooLong' }]);
    }
    const rich = parseRichText('story', input.description ?? EMPTY_DOC, 'description');
    return {
      title: input.title,
      description: rich.doc,
      descriptionHtml: rich.html,
      kind: input.kind,
      format: input.format ?? 'in_person',
      startsAt,
      endsAt,
      timezone: input.timezone,
      allDay: input.allDay ?? false,
      rrule: input.rrule ? normaliseRrule(input.rrule, { startsAt, timezone: input.timezone }) : null,
      location: {
        name: input.location?.name || null,
        address: input.location?.address || null,
        url: input.location?.url || null,
        accessibility: input.location?.accessibility || null,
      },
      practicalities: [...new Set(input.practicalities ?? [])],
      interpreters: input.interpreters ?? [],
      capacity: input.capacity ?? null,
      organizer,
      organizationId: input.organizationId ?? null,
    };
  }

  toDetails(row: EventRow, canManageIt: boolean, showLink: boolean): EventDetails {
    return {
      id: row.id,
      uid: `${row.id}@sorstars`,
      title: row.title,
      description: row.description,
      descriptionHtml: row.description_html,
      kind: row.kind,
      format: row.format,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      timezone: row.timezone,
      allDay: row.all_day,
      rrule: row.rrule,
      location: {
        name: row.location_name,
        address: row.location_address,
        // The online link is for people who are going (and the hosts), not for anyone who finds the page.
        url: showLink ? row.location_url : null,
        accessibility: row.location_accessibility,
      },
      practicalities: row.practicalities,
      interpreters: row.interpreters,
      capacity: row.capacity,
      spaceId: row.space_id,
      organizer: row.organization_name ?? row.organizer,
      organizationId: row.organization_id,
      organization: row.organization_id
        ? { id: row.organization_id, slug: row.organization_slug ?? '', name: row.organization_name ?? '', verified: row.organization_verified === true }
        : null,
      cancelledAt: row.cancelled_at?.toISOString() ?? null,
      cancelMessage: row.cancel_message,
      canManage: canManageIt,
      createdAt: row.created_at.toISOString(),
    };
  }
}

/** A day and an hour before, unless the person chose otherwise. */
export const DEFAULT_REMINDERS = [24 * 60, 60];
