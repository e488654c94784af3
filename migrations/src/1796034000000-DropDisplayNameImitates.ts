import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * display_name_imitates(id, skeleton) is no longer called: the lists that show authors write the
 * same test into their statements (api/src/modules/accounts/name-lookalike.policy.ts), since
 * Postgres could not inline the function and ran its executor for every row (issue 16).
 */
export class DropDisplayNameImitates1796034000000 implements MigrationInterface {
  name = 'DropDisplayNameImitates1796034000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION display_name_imitates(uuid, text)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION display_name_imitates(person uuid, name_skeleton text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT name_skeleton IS NOT NULL AND EXISTS (
          SELECT 1 FROM users o
           WHERE o.id <> person AND (o.username_skeleton = name_skeleton OR o.display_name_skeleton = name_skeleton))
      $$`);
  }
}
