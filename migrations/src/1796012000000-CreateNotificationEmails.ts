import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The optional e-mail channel: at most one address per person, which they add themselves and
 * confirm by a link (only the SHA-256 of its token is kept). `link_nonce` is mixed into the
 * unsubscribe links' HMAC, so removing and re-adding an address voids old links. Deliveries may
 * now be 'email', and count their failed sends for back-off.
 */
export class CreateNotificationEmails1796012000000 implements MigrationInterface {
  name = 'CreateNotificationEmails1796012000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_emails (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        address text NOT NULL,
        verified_at timestamptz,
        token_hash text,
        token_expires_at timestamptz,
        verification_sent_at timestamptz,
        verification_sends integer NOT NULL DEFAULT 0,
        link_nonce text NOT NULL,
        rejections integer NOT NULL DEFAULT 0,
        failing_at timestamptz,
        last_sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_emails_token_idx ON notification_emails (token_hash) WHERE token_hash IS NOT NULL`);
    await q.query(`ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_channel_check`);
    await q.query(`ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_channel_check CHECK (channel IN ('in_app', 'push', 'email'))`);
    await q.query(`ALTER TABLE notification_deliveries ADD COLUMN failures integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_deliveries WHERE channel = 'email'`);
    await q.query(`ALTER TABLE notification_deliveries DROP COLUMN failures`);
    await q.query(`ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_channel_check`);
    await q.query(`ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_channel_check CHECK (channel IN ('in_app', 'push'))`);
    await q.query(`DROP TABLE notification_emails`);
  }
}
