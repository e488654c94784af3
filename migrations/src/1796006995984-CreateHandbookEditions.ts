import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The handbook: an organisation's editions, their ordered chapters and the stories placed in them.
 * An entry keeps the author and, once the edition is published, a copy of what went out (title,
 * words, notes, the chosen name or anonymity): published copies cannot be recalled, so later edits
 * or deletions of the story do not change the book.
 */
export class CreateHandbookEditions1796006995984 implements MigrationInterface {
  name = 'CreateHandbookEditions1796006995984';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE handbook_editions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        title text NOT NULL,
        languages text[] NOT NULL,
        introduction jsonb,
        introduction_html text NOT NULL DEFAULT '',
        licence text NOT NULL DEFAULT 'CC-BY-SA-4.0' CHECK (licence IN ('CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0')),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'frozen', 'published')),
        publish_at timestamptz,
        frozen_at timestamptz,
        published_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        frozen_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX handbook_editions_org_idx ON handbook_editions (organization_id, created_at DESC)`);
    await q.query(`CREATE INDEX handbook_editions_published_idx ON handbook_editions (published_at DESC, id) WHERE status = 'published'`);
    await q.query(`CREATE INDEX handbook_editions_due_idx ON handbook_editions (publish_at) WHERE status = 'frozen'`);
    await q.query(`CREATE INDEX handbook_editions_created_by_idx ON handbook_editions (created_by)`);
    await q.query(`CREATE INDEX handbook_editions_frozen_by_idx ON handbook_editions (frozen_by)`);
    await q.query(`
      CREATE TABLE handbook_chapters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES handbook_editions(id) ON DELETE CASCADE,
        title text NOT NULL,
        position int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX handbook_chapters_edition_idx ON handbook_chapters (edition_id, position)`);
    await q.query(`
      CREATE TABLE handbook_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES handbook_editions(id) ON DELETE CASCADE,
        chapter_id uuid NOT NULL REFERENCES handbook_chapters(id) ON DELETE CASCADE,
        story_id uuid REFERENCES stories(id) ON DELETE SET NULL,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        position int NOT NULL,
        withdrawn_at timestamptz,
        title text NOT NULL DEFAULT '',
        content jsonb,
        html text NOT NULL DEFAULT '',
        content_warnings text[] NOT NULL DEFAULT '{}',
        anonymous boolean NOT NULL DEFAULT false,
        contributor_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (edition_id, story_id)
      )`);
    await q.query(`CREATE INDEX handbook_entries_chapter_idx ON handbook_entries (chapter_id, position)`);
    await q.query(`CREATE INDEX handbook_entries_story_idx ON handbook_entries (story_id)`);
    await q.query(`CREATE INDEX handbook_entries_author_idx ON handbook_entries (author_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE handbook_entries`);
    await q.query(`DROP TABLE handbook_chapters`);
    await q.query(`DROP TABLE handbook_editions`);
  }
}
