import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Removal from a space keeps the person out: a ban, for good or until a time, that the space's
 * keepers can see and lift. Join requests and invite links are refused while it lasts.
 */
export class CreateSpaceBans1795985071050 implements MigrationInterface {
  name = 'CreateSpaceBans1795985071050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE space_bans (
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        until timestamptz,
        reason text,
        banned_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE space_bans`);
  }
}
