import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_ACTIONS = `'circle_created', 'mentor_added', 'mentor_removed', 'numbers_viewed', 'numbers_downloaded'`;
const NEW_ACTIONS = `${OLD_ACTIONS}, 'feedback_viewed', 'admin_handed_over'`;

/**
 * One concept for "this organisation's mentors". `mentoring_trainings` (shown as "trained by ⟨org⟩")
 * and `organization_mentors` (who enters the mentors' circle) said the same thing twice and could
 * disagree. Every mark moves to `organization_mentors`: the person keeps "trained by", joins the
 * organisation's circle if it has one, and the mark appears in the organisation's log, where every
 * coordinator's action belongs. The log also learns two new actions: reading the private feedback,
 * and an admin role handed over when the only admin deleted their account.
 */
export class UnifyOrganizationMentors1796007012835 implements MigrationInterface {
  name = 'UnifyOrganizationMentors1796007012835';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization_log DROP CONSTRAINT organization_log_action_check`);
    await q.query(`ALTER TABLE organization_log ADD CONSTRAINT organization_log_action_check CHECK (action IN (${NEW_ACTIONS}))`);
    await q.query(`
      WITH moved AS (
        INSERT INTO organization_mentors (organization_id, user_id, marked_by, created_at)
        SELECT t.organization_id, t.user_id, t.marked_by, t.created_at FROM mentoring_trainings t
        ON CONFLICT (organization_id, user_id) DO NOTHING
        RETURNING organization_id, user_id, marked_by, created_at
      )
      INSERT INTO organization_log (organization_id, actor_id, action, subject_id, created_at)
      SELECT organization_id, marked_by, 'mentor_added', user_id, created_at FROM moved`);
    await q.query(`
      INSERT INTO space_members (space_id, user_id, role, last_read_seq)
      SELECT s.id, om.user_id, 'member', s.last_seq
        FROM organization_mentors om JOIN mentor_circles c ON c.organization_id = om.organization_id JOIN spaces s ON s.id = c.space_id
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE mentoring_trainings`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mentoring_trainings (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        marked_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, organization_id)
      )`);
    await q.query(`INSERT INTO mentoring_trainings (user_id, organization_id, marked_by, created_at) SELECT user_id, organization_id, marked_by, created_at FROM organization_mentors`);
    await q.query(`DELETE FROM organization_log WHERE action IN ('feedback_viewed', 'admin_handed_over')`);
    await q.query(`ALTER TABLE organization_log DROP CONSTRAINT organization_log_action_check`);
    await q.query(`ALTER TABLE organization_log ADD CONSTRAINT organization_log_action_check CHECK (action IN (${OLD_ACTIONS}))`);
  }
}
