import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who in a space hears of every message (notification level "all"), by space. A send asks whether
 * anyone does, beside its access check (spaces.repository.ts): when nobody does and the message
 * mentions and answers nobody, the notification fan-out has no one to tell and is not run — that
 * statement was about a fifth of a plain send's Postgres CPU (chat-rooms bench). Few people choose
 * "all", so the index is small.
 */
export class IndexEveryMessageListeners1796033000000 implements MigrationInterface {
  name = 'IndexEveryMessageListeners1796033000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notification_space_levels_all_idx ON notification_space_levels (space_id) WHERE level = 'all'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_space_levels_all_idx`);
  }
}
