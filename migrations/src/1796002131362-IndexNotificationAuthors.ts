import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chat notifications name who wrote (data.authorName, data.authorId). When that person deletes
 * their account the names are taken out of everyone's notifications; this index finds them
 * without reading every notification.
 */
export class IndexNotificationAuthors1796002131362 implements MigrationInterface {
  name = 'IndexNotificationAuthors1796002131362';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notifications_author_idx ON notifications ((data->>'authorId')) WHERE data ? 'authorId'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_author_idx`);
  }
}
