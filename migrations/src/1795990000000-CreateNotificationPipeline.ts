import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One pipeline for notifications: the row first (now naming its subject, so it can be checked
 * against the recipient's rights when delivered and when shown), then one delivery per channel in
 * notification_deliveries, which API processes lease with FOR UPDATE SKIP LOCKED. A delivery is
 * kept with how it ended (sent, cancelled, skipped, batched) so "never twice" can be checked.
 * Beside it: people's preferences, per-space levels, last activity (no push for someone active
 * right now) and the last push per conversation (one push per conversation per few minutes).
 */
export class CreateNotificationPipeline1795990000000 implements MigrationInterface {
  name = 'CreateNotificationPipeline1795990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN subject_type text, ADD COLUMN subject_id uuid, ADD COLUMN space_id uuid, ADD COLUMN category text`);
    await q.query(`CREATE INDEX notifications_subject_idx ON notifications (subject_type, subject_id) WHERE subject_id IS NOT NULL`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_deliveries (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('in_app', 'push')),
        batch_key text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled', 'skipped', 'batched')),
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        available_at timestamptz NOT NULL DEFAULT now(),
        leased_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_deliveries_once ON notification_deliveries (notification_id, channel)`);
    await q.query(`CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (available_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notification_deliveries_batch_idx ON notification_deliveries (user_id, batch_key) WHERE status = 'pending' AND batch_key IS NOT NULL`);
    await q.query(`CREATE INDEX notification_deliveries_settled_idx ON notification_deliveries (settled_at) WHERE status <> 'pending'`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        channels jsonb NOT NULL DEFAULT '{}',
        quiet_from text NOT NULL DEFAULT '22:00',
        quiet_to text NOT NULL DEFAULT '08:00',
        timezone text,
        quiet_enabled boolean NOT NULL DEFAULT true,
        previews boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notification_space_levels (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('all', 'mentions', 'none')),
        PRIMARY KEY (user_id, space_id)
      )`);
    await q.query(`CREATE TABLE user_activity (user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, last_active_at timestamptz NOT NULL)`);
    await q.query(`
      CREATE TABLE push_conversation_sends (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        batch_key text NOT NULL,
        last_sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, batch_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['push_conversation_sends', 'user_activity', 'notification_space_levels', 'notification_preferences', 'notification_deliveries']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP INDEX notifications_unread_idx`);
    await q.query(`DROP INDEX notifications_subject_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN subject_type, DROP COLUMN subject_id, DROP COLUMN space_id, DROP COLUMN category`);
  }
}
