import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moderation in the open: reports merged into one review item per reported thing, an
 * append-only log of every action, appeals, mutes, watched words, slow mode, a moderation state
 * on every kind of content, crisis resources and an emergency banner.
 */
export class CreateModeration1767400000000 implements MigrationInterface {
  name = 'CreateModeration1767400000000';

  async up(q: QueryRunner): Promise<void> {
    // Pending (held for approval), hidden (until reviewed) or removed (with a reason its author sees).
    for (const table of ['messages', 'stories', 'story_comments', 'events']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN moderation_state text NOT NULL DEFAULT 'visible' CHECK (moderation_state IN ('visible', 'pending', 'hidden', 'removed'))`);
      await q.query(`ALTER TABLE ${table} ADD COLUMN moderation_reason text`);
    }
    await q.query(`ALTER TABLE spaces ADD COLUMN slow_mode_seconds integer NOT NULL DEFAULT 0 CHECK (slow_mode_seconds >= 0)`);
    await q.query(`ALTER TABLE spaces ADD COLUMN approve_first_messages boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE spaces ADD COLUMN auto_hide_threshold integer NOT NULL DEFAULT 3 CHECK (auto_hide_threshold > 0)`);
    await q.query(`ALTER TABLE spaces ADD COLUMN show_moderator_names boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE review_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_type text NOT NULL CHECK (target_type IN ('message', 'story', 'comment', 'event', 'user')),
        target_id uuid NOT NULL,
        space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
        subject_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        kind text NOT NULL DEFAULT 'report' CHECK (kind IN ('report', 'safeguarding', 'watched_word', 'first_message')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        auto_hidden boolean NOT NULL DEFAULT false,
        resolution text,
        resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
        resolved_at timestamptz,
        version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One open item per reported thing and kind: later reports merge into it.
    await q.query(`CREATE UNIQUE INDEX review_items_open_unique ON review_items (target_type, target_id, kind) WHERE status = 'open'`);
    await q.query(`CREATE INDEX review_items_space_idx ON review_items (space_id, status)`);
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_item_id uuid NOT NULL REFERENCES review_items (id) ON DELETE CASCADE,
        reporter_id uuid REFERENCES users (id) ON DELETE SET NULL,
        reason text NOT NULL CHECK (reason IN ('harassment', 'hate', 'threats', 'spam', 'private_info', 'other', 'safety')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reports_item_idx ON reports (review_item_id)`);
    await q.query(`CREATE INDEX reports_reporter_idx ON reports (reporter_id)`);
    await q.query(`
      CREATE TABLE moderation_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id uuid,
        space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
        subject_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        review_item_id uuid REFERENCES review_items (id) ON DELETE SET NULL,
        reason text,
        guideline text,
        until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX moderation_actions_space_idx ON moderation_actions (space_id, created_at DESC)`);
    await q.query(`CREATE INDEX moderation_actions_subject_idx ON moderation_actions (subject_user_id)`);
    await q.query(`
      CREATE TABLE appeals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        action_id uuid NOT NULL UNIQUE REFERENCES moderation_actions (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        note text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'overturned')),
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decision_note text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE space_mutes (
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        until timestamptz NOT NULL,
        PRIMARY KEY (space_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE watched_words (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
        language text,
        word text NOT NULL,
        action text NOT NULL CHECK (action IN ('block', 'approve', 'flag')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX watched_words_space_idx ON watched_words (space_id)`);
    await q.query(`
      CREATE TABLE crisis_resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        country text NOT NULL,
        municipality text,
        name text NOT NULL,
        description jsonb NOT NULL DEFAULT '{}',
        phone text,
        url text,
        hours jsonb NOT NULL DEFAULT '{}',
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE emergency_banners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message jsonb NOT NULL,
        url text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['emergency_banners', 'crisis_resources', 'watched_words', 'space_mutes', 'appeals', 'moderation_actions', 'reports', 'review_items']) {
      await q.query(`DROP TABLE ${table}`);
    }
    for (const column of ['show_moderator_names', 'auto_hide_threshold', 'approve_first_messages', 'slow_mode_seconds']) {
      await q.query(`ALTER TABLE spaces DROP COLUMN ${column}`);
    }
    for (const table of ['messages', 'stories', 'story_comments', 'events']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN moderation_reason`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN moderation_state`);
    }
  }
}
