import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mentors' circle: who an organisation counts as its mentors, the hidden space where they
 * meet, a mentee's permission to be discussed anonymously, case cards (which need that permission
 * by foreign key), a log of every view of a card, and the organisation's log of what its
 * coordinators did. Case cards have no search trigger on purpose: they never reach search.
 */
export class CreateMentorsCircle1795996900880 implements MigrationInterface {
  name = 'CreateMentorsCircle1795996900880';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization_mentors (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        marked_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await q.query(`CREATE INDEX organization_mentors_user_id_idx ON organization_mentors (user_id)`);
    await q.query(`
      CREATE TABLE mentor_circles (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        space_id uuid NOT NULL UNIQUE REFERENCES spaces (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE case_discussion_permissions (
        mentee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mentor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        granted_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        PRIMARY KEY (mentee_id, mentor_id),
        CHECK (mentee_id <> mentor_id)
      )`);
    await q.query(`CREATE INDEX case_discussion_permissions_mentor_idx ON case_discussion_permissions (mentor_id)`);
    await q.query(`
      CREATE TABLE case_cards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mentee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        alias text NOT NULL CHECK (char_length(alias) BETWEEN 1 AND 40),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL DEFAULT now() + interval '90 days',
        FOREIGN KEY (mentee_id, author_id) REFERENCES case_discussion_permissions (mentee_id, mentor_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX case_cards_org_idx ON case_cards (organization_id, created_at DESC)`);
    await q.query(`CREATE INDEX case_cards_mentee_idx ON case_cards (mentee_id)`);
    await q.query(`CREATE INDEX case_cards_author_idx ON case_cards (author_id, mentee_id)`);
    await q.query(`CREATE INDEX case_cards_expires_idx ON case_cards (expires_at)`);
    await q.query(`
      CREATE TABLE case_card_views (
        card_id uuid NOT NULL REFERENCES case_cards (id) ON DELETE CASCADE,
        viewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
        viewed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_card_views_card_idx ON case_card_views (card_id, viewed_at)`);
    await q.query(`
      CREATE TABLE organization_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('circle_created', 'mentor_added', 'mentor_removed', 'numbers_viewed', 'numbers_downloaded')),
        subject_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organization_log_org_idx ON organization_log (organization_id, created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organization_log`);
    await q.query(`DROP TABLE case_card_views`);
    await q.query(`DROP TABLE case_cards`);
    await q.query(`DROP TABLE case_discussion_permissions`);
    await q.query(`DROP TABLE mentor_circles`);
    await q.query(`DROP TABLE organization_mentors`);
  }
}
