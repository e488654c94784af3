import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-to-one conversations reuse the chat: each is a space of kind `direct` (always hidden, never
 * indexed for search, never joinable) whose two members are the two people. `conversations` holds
 * what a group space has no word for: who began it, why (a direct message, a mentoring match, or a
 * safeguarding outreach from a review item), and whether the other person has accepted it yet.
 * `message_settings` says who may start one with a person.
 */
export class CreateConversations1795990000000 implements MigrationInterface {
  name = 'CreateConversations1795990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE spaces ADD COLUMN kind text NOT NULL DEFAULT 'group' CHECK (kind IN ('group', 'direct'))`);
    await q.query(`ALTER TABLE spaces ADD CONSTRAINT spaces_direct_hidden CHECK (kind = 'group' OR visibility = 'hidden')`);
    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL UNIQUE REFERENCES spaces (id) ON DELETE CASCADE,
        initiator_id uuid REFERENCES users (id) ON DELETE SET NULL,
        recipient_id uuid REFERENCES users (id) ON DELETE SET NULL,
        origin text NOT NULL CHECK (origin IN ('direct', 'match', 'outreach')),
        state text NOT NULL CHECK (state IN ('request', 'open', 'ignored', 'declined', 'ended')),
        review_item_id uuid REFERENCES review_items (id) ON DELETE SET NULL,
        outreach_as text CHECK (outreach_as IN ('safeguarding', 'keeper', 'org_staff')),
        outreach_context text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (initiator_id IS DISTINCT FROM recipient_id OR initiator_id IS NULL),
        CHECK ((origin = 'outreach') = (outreach_as IS NOT NULL))
      )`);
    // One ordinary conversation per pair, whichever of them began it; outreach stands apart.
    await q.query(`
      CREATE UNIQUE INDEX conversations_pair_unique ON conversations (LEAST(initiator_id, recipient_id), GREATEST(initiator_id, recipient_id))
        WHERE origin <> 'outreach' AND initiator_id IS NOT NULL AND recipient_id IS NOT NULL`);
    // One outreach per report and person: once declined, that report opens no other.
    await q.query(`CREATE UNIQUE INDEX conversations_outreach_unique ON conversations (review_item_id, recipient_id) WHERE origin = 'outreach'`);
    await q.query(`CREATE INDEX conversations_initiator_idx ON conversations (initiator_id)`);
    await q.query(`CREATE INDEX conversations_recipient_idx ON conversations (recipient_id)`);
    await q.query(`
      CREATE TABLE message_settings (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        allow_from text NOT NULL CHECK (allow_from IN ('everyone', 'shared_space', 'matches', 'nobody')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A conversation's "name" is not a space anyone can find: keep direct spaces out of the index.
    await q.query(`
      CREATE OR REPLACE FUNCTION search_index_spaces(doc_id uuid) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        DELETE FROM search_documents WHERE type = 'space' AND id = doc_id;
        INSERT INTO search_documents (type, id, space_id, parent_id, language, title, body, notes, created_at)
          SELECT 'space', s.id, s.id, NULL::uuid, s.language, s.name, s.description || E'\\n' || s.guidelines, '{}'::text[], s.created_at
            FROM spaces s WHERE s.id = doc_id AND s.kind = 'group';
      END $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION search_index_spaces(doc_id uuid) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        DELETE FROM search_documents WHERE type = 'space' AND id = doc_id;
        INSERT INTO search_documents (type, id, space_id, parent_id, language, title, body, notes, created_at)
          SELECT 'space', s.id, s.id, NULL::uuid, s.language, s.name, s.description || E'\\n' || s.guidelines, '{}'::text[], s.created_at
            FROM spaces s WHERE s.id = doc_id;
      END $fn$`);
    await q.query(`DROP TABLE message_settings`);
    await q.query(`DROP TABLE conversations`);
    await q.query(`DELETE FROM spaces WHERE kind = 'direct'`);
    await q.query(`ALTER TABLE spaces DROP CONSTRAINT spaces_direct_hidden`);
    await q.query(`ALTER TABLE spaces DROP COLUMN kind`);
  }
}
