import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The home page's first steps that nothing else remembers: that a person saved their content-note
 * settings at least once (saving the defaults stores no preference row) and that they kept their
 * recovery codes safe (confirmed on the codes page, or made a new set). One row per step done.
 */
export class CreateFirstSteps1795996711810 implements MigrationInterface {
  name = 'CreateFirstSteps1795996711810';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE first_steps (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        step text NOT NULL CHECK (step IN ('content_notes', 'recovery_codes')),
        done_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, step)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE first_steps`);
  }
}
