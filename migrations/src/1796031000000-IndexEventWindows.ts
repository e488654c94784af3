import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a calendar window reads, by index: the events list asked for "a series begun before the
 * window ends, or an occurrence moved into it" as one OR with a subquery, which Postgres answered by
 * reading every event (lists bench: 100,000 events, 95–106 ms at p50). Series and moved occurrences
 * are now each found through a partial index of their own (event-queries.sql.ts, inWindow); one-off
 * events through events_running_idx as before.
 */
export class IndexEventWindows1796031000000 implements MigrationInterface {
  name = 'IndexEventWindows1796031000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_series_idx ON events (starts_at) WHERE rrule IS NOT NULL`);
    await q.query(`CREATE INDEX event_exceptions_moved_idx ON event_exceptions (starts_at) WHERE kind = 'moved'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX event_exceptions_moved_idx`);
    await q.query(`DROP INDEX events_series_idx`);
  }
}
