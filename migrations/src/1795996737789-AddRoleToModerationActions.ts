import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admins grant and revoke platform roles from the web now, and each change is a line in the
 * platform moderation log: which role it was needs its own column, not a reason's free text.
 */
export class AddRoleToModerationActions1795996737789 implements MigrationInterface {
  name = 'AddRoleToModerationActions1795996737789';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE moderation_actions ADD COLUMN role text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE moderation_actions DROP COLUMN role`);
  }
}
