import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each story's comment count, kept as comments come and go, so a page of stories reads its counts
 * instead of counting: the stories list counted every page's comments in one grouped query, which
 * with one story of 100,000 comments on the page read them all on each request (lists bench:
 * 91 ms at p50, ten times the list of 100 stories; now 8.6 ms, 1.2×). What a reader sees is this
 * count less the comments of people they blocked (story-list.sql.ts), which the new index finds
 * by author.
 *
 * In a table of its own rather than a column of stories: an UPDATE of stories re-indexes the
 * story for search, and a comment should not do that nor wait on the story's row lock.
 */
export class CountStoryComments1796030000000 implements MigrationInterface {
  name = 'CountStoryComments1796030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE story_comment_counts (
        story_id uuid PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        n integer NOT NULL
      )`);
    // A comment counts while it is not deleted (a deleted one stays as a tombstone until purged).
    // Statement triggers over the rows each statement changed, one grouped change per story:
    // a row trigger would update one story's count once per comment, and a bulk delete (a story
    // and its comments, an account's purge) would pile up that row's versions in one transaction.
    // Transition tables cannot go with an `UPDATE OF column` trigger, so updates compare old and new.
    await q.query(`
      CREATE FUNCTION story_comment_counts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            INSERT INTO story_comment_counts (story_id, n)
            SELECT story_id, count(*)::int FROM new_rows WHERE deleted_at IS NULL GROUP BY story_id
            ON CONFLICT (story_id) DO UPDATE SET n = story_comment_counts.n + EXCLUDED.n;
          ELSIF TG_OP = 'DELETE' THEN
            UPDATE story_comment_counts k SET n = k.n - d.n
              FROM (SELECT story_id, count(*)::int AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY story_id) d
             WHERE k.story_id = d.story_id;
          ELSE
            -- Deleted (-1) or restored (+1); a negative change finds the row its comment was counted in.
            INSERT INTO story_comment_counts (story_id, n)
            SELECT story_id, n FROM (
              SELECT o.story_id, sum(CASE WHEN o.deleted_at IS NULL THEN -1 ELSE 1 END)::int AS n
                FROM old_rows o JOIN new_rows r ON r.id = o.id
               WHERE (o.deleted_at IS NULL) <> (r.deleted_at IS NULL) GROUP BY o.story_id) d
             WHERE n <> 0
            ON CONFLICT (story_id) DO UPDATE SET n = story_comment_counts.n + EXCLUDED.n;
          END IF;
          RETURN NULL;
        END $$`);
    await q.query(`
      CREATE TRIGGER story_comment_counts_insert AFTER INSERT ON story_comments
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION story_comment_counts_trigger()`);
    await q.query(`
      CREATE TRIGGER story_comment_counts_update AFTER UPDATE ON story_comments
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION story_comment_counts_trigger()`);
    await q.query(`
      CREATE TRIGGER story_comment_counts_delete AFTER DELETE ON story_comments
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION story_comment_counts_trigger()`);
    await q.query(`
      INSERT INTO story_comment_counts (story_id, n)
      SELECT story_id, count(*)::int FROM story_comments WHERE deleted_at IS NULL GROUP BY story_id`);
    await q.query(`CREATE INDEX story_comments_author_story_idx ON story_comments (author_id, story_id) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX story_comments_author_story_idx`);
    for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER story_comment_counts_${op} ON story_comments`);
    await q.query(`DROP FUNCTION story_comment_counts_trigger()`);
    await q.query(`DROP TABLE story_comment_counts`);
  }
}
