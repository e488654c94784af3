import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events (one-off or recurring by RRULE, in an IANA time zone), per-occurrence exceptions
 * (cancelled or moved), RSVPs per occurrence with a waitlist, in-app notifications, reminder
 * settings, the reminders already sent (unique, so a restart never sends one twice), and the
 * secret tokens of personal calendar feeds.
 */
export class CreateEventsAndNotifications1767300000000 implements MigrationInterface {
  name = 'CreateEventsAndNotifications1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        organizer text,
        title text NOT NULL,
        description jsonb,
        description_html text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('community', 'multiplier', 'training', 'mentor_meeting', 'other')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        timezone text NOT NULL,
        all_day boolean NOT NULL DEFAULT false,
        rrule text,
        location_name text,
        location_address text,
        location_url text,
        location_accessibility text,
        practicalities text[] NOT NULL DEFAULT '{}',
        interpreters text[] NOT NULL DEFAULT '{}',
        capacity integer CHECK (capacity IS NULL OR capacity > 0),
        cancelled_at timestamptz,
        cancel_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX events_space_idx ON events (space_id)`);
    await q.query(`CREATE INDEX events_starts_idx ON events (starts_at)`);
    await q.query(`
      CREATE TABLE event_exceptions (
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        occurrence timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('cancelled', 'moved')),
        starts_at timestamptz,
        ends_at timestamptz,
        message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, occurrence)
      )`);
    await q.query(`
      CREATE TABLE event_rsvps (
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        occurrence timestamptz NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('going', 'maybe', 'declined', 'waitlisted')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, occurrence, user_id)
      )`);
    await q.query(`CREATE INDEX event_rsvps_user_idx ON event_rsvps (user_id)`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        dedupe_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    // A reminder or promotion is told once, even if two workers or a restart try again.
    await q.query(`CREATE UNIQUE INDEX notifications_dedupe_unique ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE reminder_preferences (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        minutes_before integer[] NOT NULL
      )`);
    await q.query(`
      CREATE TABLE calendar_feeds (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['calendar_feeds', 'reminder_preferences', 'notifications', 'event_rsvps', 'event_exceptions', 'events']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
