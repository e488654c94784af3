import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * UTS #39 skeletons of usernames and display names, so look-alike names ("аdmin" with a Cyrillic
 * а) are found by the database: a unique index refuses a username that looks like one already
 * taken, atomically. Existing rows are filled in by the API at start (the skeleton needs the
 * Unicode confusables data, which SQL does not have); until then they are NULL, which the unique
 * index ignores.
 *
 * `display_name_imitates(id, skeleton)` says whether a person's display name looks like another
 * person's username or display name; every list that shows authors asks it, so the page can put
 * the @username next to such a name.
 */
export class AddUsernameSkeletons1795985277981 implements MigrationInterface {
  name = 'AddUsernameSkeletons1795985277981';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN username_skeleton text, ADD COLUMN display_name_skeleton text`);
    await q.query(`CREATE UNIQUE INDEX users_username_skeleton_unique ON users (username_skeleton)`);
    await q.query(`CREATE INDEX users_display_name_skeleton ON users (display_name_skeleton)`);
    await q.query(`
      CREATE FUNCTION display_name_imitates(person uuid, name_skeleton text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT name_skeleton IS NOT NULL AND EXISTS (
          SELECT 1 FROM users o
           WHERE o.id <> person AND (o.username_skeleton = name_skeleton OR o.display_name_skeleton = name_skeleton))
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION display_name_imitates(uuid, text)`);
    await q.query(`DROP INDEX users_display_name_skeleton`);
    await q.query(`DROP INDEX users_username_skeleton_unique`);
    await q.query(`ALTER TABLE users DROP COLUMN display_name_skeleton, DROP COLUMN username_skeleton`);
  }
}
