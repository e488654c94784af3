import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * UTS #39 skeletons of usernames and display names, so look-alike names ("аdmin" with a Cyrillic
 * а) are found by the database: a unique index refuses a username that looks like one already
 * taken, atomically. Existing rows are filled in by the API at start (the skeleton needs the
 * Unicode confusables data, which SQL does not have); until then they are NULL, which the unique
 * index ignores.
 */
export class AddUsernameSkeletons1795985277981 implements MigrationInterface {
  name = 'AddUsernameSkeletons1795985277981';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN username_skeleton text, ADD COLUMN display_name_skeleton text`);
    await q.query(`CREATE UNIQUE INDEX users_username_skeleton_unique ON users (username_skeleton)`);
    await q.query(`CREATE INDEX users_display_name_skeleton ON users (display_name_skeleton)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_display_name_skeleton`);
    await q.query(`DROP INDEX users_username_skeleton_unique`);
    await q.query(`ALTER TABLE users DROP COLUMN display_name_skeleton, DROP COLUMN username_skeleton`);
  }
}
