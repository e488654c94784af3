import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists walk indexes whose order is their ORDER BY (issue 16: every list keeps its p50 within 2×
 * from 100 to 100,000 rows). Story comments are now paged (top level oldest first, replies under
 * each); spaces are listed newest first. Each expression is to the millisecond like the cursor
 * and in UTC so it is immutable; the repositories' ORDER BY uses exactly the same text.
 * Events are paged through a window: one-off events by start (events_starts_idx already), and the
 * ones still running when the window opens by a GiST index on their time range.
 */
export class IndexListsForPaging1795996743787 implements MigrationInterface {
  name = 'IndexListsForPaging1795996743787';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX story_comments_top_idx ON story_comments (story_id, (date_trunc('milliseconds', created_at AT TIME ZONE 'UTC')), id)
         WHERE reply_to_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX story_comments_replies_idx ON story_comments (reply_to_id, (date_trunc('milliseconds', created_at AT TIME ZONE 'UTC')), id)
         WHERE reply_to_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX spaces_listed_idx ON spaces ((date_trunc('milliseconds', created_at AT TIME ZONE 'UTC')) DESC, id DESC)
         WHERE archived_at IS NULL`,
    );
    await q.query(`CREATE INDEX events_running_idx ON events USING gist (tstzrange(starts_at, ends_at)) WHERE rrule IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_running_idx`);
    await q.query(`DROP INDEX spaces_listed_idx`);
    await q.query(`DROP INDEX story_comments_replies_idx`);
    await q.query(`DROP INDEX story_comments_top_idx`);
  }
}
