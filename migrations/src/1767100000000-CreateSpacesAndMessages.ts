import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spaces (public, private, hidden), their members with roles, join requests and invite links,
 * and chat messages ordered by a per-space sequence that the database assigns. A message's
 * `client_id` is unique per author and space, so a resend after a lost ack stores nothing new.
 */
export class CreateSpacesAndMessages1767100000000 implements MigrationInterface {
  name = 'CreateSpacesAndMessages1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        visibility text NOT NULL CHECK (visibility IN ('public', 'private', 'hidden')),
        language text,
        guidelines text NOT NULL DEFAULT '',
        guidelines_version integer NOT NULL DEFAULT 1,
        last_seq bigint NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX spaces_name_trgm_idx ON spaces USING gin (lower(name) gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE space_members (
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'host')),
        accepted_guidelines_version integer NOT NULL DEFAULT 0,
        last_read_seq bigint NOT NULL DEFAULT 0,
        show_typing boolean NOT NULL DEFAULT false,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, user_id)
      )`);
    await q.query(`CREATE INDEX space_members_user_id_idx ON space_members (user_id)`);
    await q.query(`
      CREATE TABLE space_join_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        note text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX space_join_requests_pending_unique ON space_join_requests (space_id, user_id) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE space_invites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        max_uses integer NOT NULL CHECK (max_uses > 0),
        uses integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX space_invites_space_id_idx ON space_invites (space_id)`);
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        client_id uuid NOT NULL,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        body text NOT NULL,
        reply_to_id uuid REFERENCES messages (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        UNIQUE (space_id, seq)
      )`);
    await q.query(`CREATE UNIQUE INDEX messages_client_id_unique ON messages (space_id, author_id, client_id)`);
    await q.query(`
      CREATE TABLE message_edits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        previous_body text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('edit', 'delete')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX message_edits_message_id_idx ON message_edits (message_id)`);
    await q.query(`
      CREATE TABLE message_reactions (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE message_mentions (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (message_id, user_id)
      )`);
    await q.query(`CREATE INDEX message_mentions_user_id_idx ON message_mentions (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['message_mentions', 'message_reactions', 'message_edits', 'messages', 'space_invites', 'space_join_requests', 'space_members', 'spaces']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
