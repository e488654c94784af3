import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../../core/database/prepared.js';
import { returning } from '../../core/database/returning.js';
import type { EventFormat, EventKind, OrgRole, Practicality, RsvpStatus, SpaceRole } from '@sorstars/shared';
import { EVENT_SELECT, IN_WINDOW, RSVP_COUNT_COLUMNS, SERIES_IN_WINDOW, VISIBLE, WAITLIST_POSITION, windowCandidatesSql, windowWithDatesSql } from './event-queries.sql.js';

export interface EventRow {
  id: string;
  space_id: string | null;
  created_by: string | null;
  organizer: string | null;
  organization_id: string | null;
  organization_name: string | null;
  organization_slug: string | null;
  organization_verified: boolean | null;
  viewer_org_role: OrgRole | null;
  title: string;
  description: unknown;
  description_html: string;
  kind: EventKind;
  format: EventFormat;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  all_day: boolean;
  rrule: string | null;
  location_name: string | null;
  location_address: string | null;
  location_url: string | null;
  location_accessibility: string | null;
  practicalities: Practicality[];
  interpreters: string[];
  capacity: number | null;
  cancelled_at: Date | null;
  cancel_message: string | null;
  created_at: Date;
  moderation_state: 'visible' | 'pending' | 'hidden' | 'removed';
  viewer_space_role: SpaceRole | null;
}

export interface ExceptionRow {
  event_id: string;
  occurrence: Date;
  kind: 'cancelled' | 'moved';
  starts_at: Date | null;
  ends_at: Date | null;
  message: string | null;
}

export interface RsvpCount {
  event_id: string;
  occurrence: Date;
  going: number;
  waitlisted: number;
}

/** The viewer's answer to one date of an event, with their place on its waitlist. */
export interface MyRsvp {
  event_id: string;
  occurrence: Date;
  status: RsvpStatus;
  position: number | null;
}

/** Events with what a list shows of their dates, read together (windowWithDates). */
export interface EventsWithDates {
  rows: EventRow[];
  exceptions: ExceptionRow[];
  counts: RsvpCount[];
  mine: MyRsvp[];
}

export interface EventWrite {
  title: string;
  description: unknown;
  descriptionHtml: string;
  kind: EventKind;
  format: EventFormat;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  allDay: boolean;
  rrule: string | null;
  location: { name: string | null; address: string | null; url: string | null; accessibility: string | null };
  practicalities: Practicality[];
  interpreters: string[];
  capacity: number | null;
  organizer: string | null;
  organizationId: string | null;
}


export interface CandidateFilter {
  from: Date;
  to: Date;
  spaceId?: string;
  kind?: EventKind;
  mineOnly: boolean;
}

/** windowWithDatesSql's row: the event, and its dates' details as JSON, where timestamps are text. */
type EventWithDatesRow = EventRow & {
  dates_exceptions: { occurrence: string; kind: ExceptionRow['kind']; starts_at: string | null; ends_at: string | null; message: string | null }[] | null;
  dates_counts: { occurrence: string; going: number; waitlisted: number }[] | null;
  dates_mine: { occurrence: string; status: RsvpStatus; position: number | null }[] | null;
};
const dateOrNull = (text: string | null) => (text === null ? null : new Date(text));

/** One-off events already running when a window opens, on one page (a festival week, a camp). */
export const MAX_RUNNING_PER_PAGE = 100;

@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async find(viewerId: string | null, id: string, m: EntityManager = this.db.manager): Promise<EventRow | null> {
    const rows = await m.query(`${EVENT_SELECT} WHERE e.id = $2`, [viewerId, id]);
    return rows[0] ?? null;
  }

  /** Locks the event: RSVPs to it are taken one at a time, so the last place goes to one person. */
  async lock(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Candidates for a window: one-off events overlapping it, and recurring ones that began before it ends. */
  async candidates(viewerId: string | null, f: CandidateFilter): Promise<EventRow[]> {
    const params: unknown[] = [viewerId, f.from, f.to];
    return this.db.query(prepared(windowCandidatesSql(this.filters(f, params))), params);
  }

  /**
   * As `candidates`, each event with its exceptions, its RSVP counts and the viewer's answers, in
   * one statement (what `exceptions`, `counts` and `myRsvps` read, for a whole window).
   */
  async windowWithDates(viewerId: string | null, f: CandidateFilter): Promise<EventsWithDates> {
    const params: unknown[] = [viewerId, f.from, f.to];
    const found: EventWithDatesRow[] = await this.db.query(prepared(windowWithDatesSql(this.filters(f, params))), params);
    const out: EventsWithDates = { rows: [], exceptions: [], counts: [], mine: [] };
    for (const { dates_exceptions, dates_counts, dates_mine, ...row } of found) {
      out.rows.push(row);
      const event_id = row.id;
      for (const x of dates_exceptions ?? []) out.exceptions.push({ ...x, event_id, occurrence: new Date(x.occurrence), starts_at: dateOrNull(x.starts_at), ends_at: dateOrNull(x.ends_at) });
      for (const c of dates_counts ?? []) out.counts.push({ ...c, event_id, occurrence: new Date(c.occurrence) });
      for (const m of dates_mine ?? []) out.mine.push({ ...m, event_id, occurrence: new Date(m.occurrence) });
    }
    return out;
  }

  /**
   * Candidates for one page of a window, soonest first, without reading every event in it: the
   * next `limit` one-off events starting in the window from `startsFrom` (walks events_starts_idx),
   * the one-off events already running at `from` (events_running_idx), and every recurring or moved
   * event that may fall in it (their occurrences are worked out and cut to the page by the caller).
   */
  async pageCandidates(viewerId: string | null, f: CandidateFilter & { startsFrom: Date; limit: number; running: boolean }): Promise<{ rows: EventRow[]; more: boolean }> {
    // Each statement: $1 the viewer, $2 and $3 its bounds, then the filters' values.
    const query = (from: Date, sql: (filters: string) => string, extra: unknown[] = []) => {
      const params: unknown[] = [viewerId, from, f.to];
      const filters = [VISIBLE, ...this.filters(f, params)].join(' AND ');
      return this.db.query(prepared(sql(filters).replace('$LIMIT', `$${params.length + 1}`)), [...params, ...extra]) as Promise<EventRow[]>;
    };
    const starting = await query(
      f.startsFrom,
      (where) => `${EVENT_SELECT} WHERE ${where} AND e.rrule IS NULL AND e.starts_at >= $2 AND e.starts_at < $3 ORDER BY e.starts_at, e.id LIMIT $LIMIT`,
      [f.limit + 1],
    );
    const running = f.running
      ? await query(
          f.from,
          (where) => `${EVENT_SELECT} WHERE ${where} AND e.rrule IS NULL AND tstzrange(e.starts_at, e.ends_at) @> $2::timestamptz AND e.starts_at < $2 AND $3::timestamptz IS NOT NULL
            ORDER BY e.starts_at, e.id LIMIT ${MAX_RUNNING_PER_PAGE}`,
        )
      : [];
    const series = await query(f.from, (where) => `${EVENT_SELECT} WHERE ${where} AND ${SERIES_IN_WINDOW}`);
    const byId = new Map<string, EventRow>();
    for (const row of [...running, ...starting, ...series]) byId.set(row.id, row);
    return { rows: [...byId.values()], more: starting.length > f.limit };
  }

  private filters(f: CandidateFilter, params: unknown[]): string[] {
    const where: string[] = [];
    if (f.spaceId) where.push(`e.space_id = $${params.push(f.spaceId)}`);
    if (f.kind) where.push(`e.kind = $${params.push(f.kind)}`);
    if (f.mineOnly) where.push(`EXISTS (SELECT 1 FROM event_rsvps r WHERE r.event_id = e.id AND r.user_id = $1::uuid AND r.status IN ('going', 'maybe', 'waitlisted'))`);
    return where;
  }

  /**
   * Events with a start in the future window that someone is going to (for reminders): at most
   * `limit` of them, in id order after `afterId`, so a sweep takes one bounded batch.
   */
  async withGoingBetween(from: Date, to: Date, afterId: string | null, limit: number): Promise<EventRow[]> {
    return this.db.query(
      `${EVENT_SELECT} WHERE e.cancelled_at IS NULL AND ${IN_WINDOW}
         AND ($4::uuid IS NULL OR e.id > $4::uuid)
         AND EXISTS (SELECT 1 FROM event_rsvps r WHERE r.event_id = e.id AND r.status = 'going')
       ORDER BY e.id LIMIT $5`,
      [null, from, to, afterId, limit],
    );
  }

  async exceptions(eventIds: string[]): Promise<ExceptionRow[]> {
    if (!eventIds.length) return [];
    return this.db.query(prepared(`SELECT * FROM event_exceptions WHERE event_id = ANY($1::uuid[])`), [eventIds]);
  }

  async counts(eventIds: string[]): Promise<RsvpCount[]> {
    if (!eventIds.length) return [];
    return this.db.query(prepared(`SELECT r.event_id, r.occurrence, ${RSVP_COUNT_COLUMNS} FROM event_rsvps r WHERE r.event_id = ANY($1::uuid[]) GROUP BY r.event_id, r.occurrence`), [eventIds]);
  }

  /** The viewer's answers, with their place on each waitlist. */
  async myRsvps(userId: string, eventIds: string[]): Promise<MyRsvp[]> {
    if (!eventIds.length) return [];
    return this.db.query(
      prepared(`SELECT r.event_id, r.occurrence, r.status, ${WAITLIST_POSITION} AS position FROM event_rsvps r WHERE r.user_id = $1 AND r.event_id = ANY($2::uuid[])`),
      [userId, eventIds],
    );
  }

  async insert(m: EntityManager, spaceId: string | null, createdBy: string, w: EventWrite): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO events (space_id, created_by, organizer, title, description, description_html, kind, starts_at, ends_at, timezone, all_day, rrule,
                           location_name, location_address, location_url, location_accessibility, practicalities, interpreters, capacity, organization_id, format)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
      [spaceId, createdBy, w.organizer, w.title, JSON.stringify(w.description), w.descriptionHtml, w.kind, w.startsAt, w.endsAt, w.timezone, w.allDay,
        w.rrule, w.location.name, w.location.address, w.location.url, w.location.accessibility, w.practicalities, w.interpreters, w.capacity, w.organizationId, w.format],
    );
    return id;
  }

  async update(m: EntityManager, id: string, w: EventWrite): Promise<void> {
    await m.query(
      `UPDATE events SET organizer = $2, title = $3, description = $4, description_html = $5, kind = $6, starts_at = $7, ends_at = $8,
              timezone = $9, all_day = $10, rrule = $11, location_name = $12, location_address = $13, location_url = $14,
              location_accessibility = $15, practicalities = $16, interpreters = $17, capacity = $18, organization_id = $19, format = $20, updated_at = now()
        WHERE id = $1`,
      [id, w.organizer, w.title, JSON.stringify(w.description), w.descriptionHtml, w.kind, w.startsAt, w.endsAt, w.timezone, w.allDay, w.rrule,
        w.location.name, w.location.address, w.location.url, w.location.accessibility, w.practicalities, w.interpreters, w.capacity, w.organizationId, w.format],
    );
  }

  /** The event and everything hanging on it (answers, exceptions, materials' rows) go; the caller removes the files. */
  async remove(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM events WHERE id = $1`, [id]);
  }

  async cancelEvent(m: EntityManager, id: string, message: string | null): Promise<void> {
    await m.query(`UPDATE events SET cancelled_at = now(), cancel_message = $2, updated_at = now() WHERE id = $1`, [id, message]);
  }

  async setException(m: EntityManager, id: string, occurrence: Date, kind: 'cancelled' | 'moved', startsAt: Date | null, endsAt: Date | null, message: string | null): Promise<void> {
    await m.query(
      `INSERT INTO event_exceptions (event_id, occurrence, kind, starts_at, ends_at, message) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id, occurrence) DO UPDATE SET kind = EXCLUDED.kind, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, message = EXCLUDED.message`,
      [id, occurrence, kind, startsAt, endsAt, message],
    );
  }

  async rsvpOf(m: EntityManager, id: string, occurrence: Date, userId: string): Promise<RsvpStatus | null> {
    const rows = await m.query(`SELECT status FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND user_id = $3`, [id, occurrence, userId]);
    return rows[0]?.status ?? null;
  }

  async goingCount(m: EntityManager, id: string, occurrence: Date): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND status = 'going'`, [id, occurrence]);
    return n;
  }

  async setRsvp(m: EntityManager, id: string, occurrence: Date, userId: string, status: RsvpStatus): Promise<void> {
    await m.query(
      // clock_timestamp(), not now(): now() is when the transaction began, not when it got the event's
      // lock, so racing answers would queue out of order and report the same waitlist place.
      `INSERT INTO event_rsvps (event_id, occurrence, user_id, status, updated_at) VALUES ($1, $2, $3, $4, clock_timestamp())
       ON CONFLICT (event_id, occurrence, user_id) DO UPDATE SET status = EXCLUDED.status, updated_at = clock_timestamp()`,
      [id, occurrence, userId, status],
    );
  }

  /** The person waiting longest for this occurrence, if any. */
  async firstWaiting(m: EntityManager, id: string, occurrence: Date): Promise<string | null> {
    const rows = await m.query(
      `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND status = 'waitlisted' ORDER BY updated_at, user_id LIMIT 1`,
      [id, occurrence],
    );
    return rows[0]?.user_id ?? null;
  }

  async attendees(id: string, occurrence: Date) {
    return this.db.query(
      `SELECT u.id, u.username, u.display_name, r.status, r.updated_at FROM event_rsvps r JOIN users u ON u.id = r.user_id
        WHERE r.event_id = $1 AND r.occurrence = $2 AND r.status <> 'declined'
        ORDER BY CASE r.status WHEN 'going' THEN 0 WHEN 'maybe' THEN 1 ELSE 2 END, r.updated_at`,
      [id, occurrence],
    ) as Promise<{ id: string; username: string; display_name: string | null; status: RsvpStatus; updated_at: Date }[]>;
  }

  /** People with an answer other than "declined", for telling them of a change. */
  async interested(id: string, occurrence: Date | null): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT DISTINCT user_id FROM event_rsvps WHERE event_id = $1 AND ($2::timestamptz IS NULL OR occurrence = $2) AND status <> 'declined'`,
      [id, occurrence],
    );
    return rows.map((r) => r.user_id);
  }

  /** Events of a space that someone has answered (any occurrence). */
  async eventsAnsweredInSpace(spaceId: string, userId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT DISTINCT e.id FROM events e JOIN event_rsvps r ON r.event_id = e.id WHERE e.space_id = $1 AND r.user_id = $2`,
      [spaceId, userId],
    );
    return rows.map((r) => r.id);
  }

  /** Ends every answer someone gave to an event; answers what they were. */
  async dropRsvps(m: EntityManager, eventId: string, userId: string): Promise<{ occurrence: Date; status: string }[]> {
    return returning(m, `DELETE FROM event_rsvps WHERE event_id = $1 AND user_id = $2 RETURNING occurrence, status`, [eventId, userId]);
  }

  async goingUsers(id: string, occurrence: Date): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND status = 'going'`,
      [id, occurrence],
    );
    return rows.map((r) => r.user_id);
  }

  async reminderMinutes(userIds: string[]): Promise<Map<string, number[]>> {
    if (!userIds.length) return new Map();
    const rows: { user_id: string; minutes_before: number[] }[] = await this.db.query(
      `SELECT user_id, minutes_before FROM reminder_preferences WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, r.minutes_before]));
  }

  async setReminderMinutes(userId: string, minutes: number[]): Promise<void> {
    await this.db.query(
      `INSERT INTO reminder_preferences (user_id, minutes_before) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET minutes_before = EXCLUDED.minutes_before`,
      [userId, minutes],
    );
  }

  async setFeedToken(userId: string, tokenHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [userId, tokenHash],
    );
  }

  async deleteFeedToken(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM calendar_feeds WHERE user_id = $1`, [userId]);
  }

  async feedOwner(tokenHash: string): Promise<{ id: string; username: string; roles: string[]; locale: string } | null> {
    const rows = await this.db.query(
      `SELECT u.id, u.username, u.roles, u.locale FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.status = 'active'`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  async hasFeed(userId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM calendar_feeds WHERE user_id = $1`, [userId]);
    return rows.length > 0;
  }
}
