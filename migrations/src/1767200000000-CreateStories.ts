import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lived-experience stories (tiptap JSON plus the HTML and text the server derives), the author's
 * consent history, supportive reactions, comments with one level of replies, and each reader's
 * content-note settings and the stories they chose to uncover.
 */
export class CreateStories1767200000000 implements MigrationInterface {
  name = 'CreateStories1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        title text NOT NULL,
        content jsonb NOT NULL,
        html text NOT NULL,
        plain_text text NOT NULL,
        content_warnings text[] NOT NULL DEFAULT '{}',
        visibility text NOT NULL CHECK (visibility IN ('public', 'members', 'space')),
        space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
        language text NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        anonymous boolean NOT NULL DEFAULT false,
        consent_handbook boolean NOT NULL DEFAULT false,
        consent_updated_at timestamptz,
        comments_enabled boolean NOT NULL DEFAULT true,
        published_at timestamptz,
        edited_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CHECK ((visibility = 'space') = (space_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX stories_published_idx ON stories (published_at DESC, id DESC) WHERE status = 'published' AND deleted_at IS NULL`);
    await q.query(`CREATE INDEX stories_author_idx ON stories (author_id)`);
    await q.query(`CREATE INDEX stories_space_idx ON stories (space_id) WHERE space_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE story_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        story_id uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        handbook boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX story_consents_story_idx ON story_consents (story_id)`);
    await q.query(`
      CREATE TABLE story_reactions (
        story_id uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('relate', 'thanks', 'strength')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (story_id, user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE story_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        story_id uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        reply_to_id uuid REFERENCES story_comments (id) ON DELETE CASCADE,
        content jsonb NOT NULL,
        html text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX story_comments_story_idx ON story_comments (story_id, created_at)`);
    await q.query(`
      CREATE TABLE content_note_preferences (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        note text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('show', 'blur', 'hide')),
        PRIMARY KEY (user_id, note)
      )`);
    await q.query(`
      CREATE TABLE story_reveals (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        story_id uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, story_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['story_reveals', 'content_note_preferences', 'story_comments', 'story_reactions', 'story_consents', 'stories']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
