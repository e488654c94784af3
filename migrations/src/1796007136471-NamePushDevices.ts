import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A device's push subscription gets the name its person gave it ("Phone", "Chromium on Android"),
 * so the settings page lists devices people recognise and can remove the one they lost.
 */
export class NamePushDevices1796007136471 implements MigrationInterface {
  name = 'NamePushDevices1796007136471';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE push_subscriptions ADD COLUMN name text CHECK (char_length(name) <= 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE push_subscriptions DROP COLUMN name`);
  }
}
