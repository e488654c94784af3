import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resource directory: organisations with their staff, resources (HSDS services) with their
 * locations (weekly hours in an IANA zone; confidential addresses stay on the server), peer tips
 * and the staff's edit history. Resources and tips join the one review queue.
 */
export class CreateOrganizationsAndResources1795984836934 implements MigrationInterface {
  name = 'CreateOrganizationsAndResources1795984836934';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        url text,
        email text,
        phone text,
        identifiers jsonb NOT NULL DEFAULT '[]',
        languages text[] NOT NULL DEFAULT '{}',
        hsds_id text UNIQUE,
        verified_at timestamptz,
        verified_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE organization_members (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('staff', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await q.query(`CREATE INDEX organization_members_user_idx ON organization_members (user_id)`);
    await q.query(`
      CREATE TABLE resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        hsds_id text UNIQUE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        translations jsonb NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        attributes text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        eligibility text,
        application_process text,
        fees text,
        free boolean NOT NULL DEFAULT false,
        minimum_age integer,
        maximum_age integer,
        required_documents text[] NOT NULL DEFAULT '{}',
        url text,
        email text,
        phone text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'temporarily closed')),
        alert_text text,
        alert_until timestamptz,
        capacity_unit text,
        capacity_available integer CHECK (capacity_available IS NULL OR capacity_available >= 0),
        capacity_maximum integer CHECK (capacity_maximum IS NULL OR capacity_maximum >= 0),
        capacity_updated_at timestamptz,
        last_verified_at timestamptz,
        last_verified_by uuid REFERENCES users (id) ON DELETE SET NULL,
        moderation_state text NOT NULL DEFAULT 'visible' CHECK (moderation_state IN ('visible', 'pending', 'hidden', 'removed')),
        moderation_reason text,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', name || ' ' || description) || jsonb_to_tsvector('simple', translations, '["string"]')
        ) STORED
      )`);
    await q.query(`CREATE INDEX resources_search_idx ON resources USING gin (search)`);
    await q.query(`CREATE INDEX resources_categories_idx ON resources USING gin (categories)`);
    await q.query(`CREATE INDEX resources_attributes_idx ON resources USING gin (attributes)`);
    await q.query(`CREATE INDEX resources_organization_idx ON resources (organization_id)`);
    await q.query(`CREATE INDEX resources_listing_idx ON resources (created_at DESC, id DESC) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE resource_locations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        position integer NOT NULL DEFAULT 0,
        hsds_id text,
        name text,
        address text NOT NULL,
        city text NOT NULL,
        postal_code text,
        region text,
        country text NOT NULL,
        lat double precision CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
        lng double precision CHECK (lng IS NULL OR lng BETWEEN -180 AND 180),
        confidential boolean NOT NULL DEFAULT false,
        accessibility text[] NOT NULL DEFAULT '{}',
        transport text,
        timezone text NOT NULL,
        hours jsonb NOT NULL DEFAULT '[]',
        closed jsonb NOT NULL DEFAULT '[]',
        hours_note text,
        -- Minute-of-week windows around the opening hours: the open-now filter's SQL prefilter.
        open_week int4multirange NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX resource_locations_resource_idx ON resource_locations (resource_id, position)`);
    await q.query(`CREATE INDEX resource_locations_coords_idx ON resource_locations (lat, lng) WHERE NOT confidential AND lat IS NOT NULL`);
    await q.query(`
      CREATE TABLE resource_tips (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        body text NOT NULL,
        moderation_state text NOT NULL DEFAULT 'visible' CHECK (moderation_state IN ('visible', 'pending', 'hidden', 'removed')),
        moderation_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX resource_tips_resource_idx ON resource_tips (resource_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE resource_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('created', 'updated', 'verified', 'deleted', 'imported')),
        changes jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX resource_history_resource_idx ON resource_history (resource_id, created_at DESC)`);

    // The review queue takes resources and tips, "something is wrong here" and "check it again".
    await q.query(`ALTER TABLE review_items DROP CONSTRAINT review_items_target_type_check`);
    await q.query(`ALTER TABLE review_items ADD CONSTRAINT review_items_target_type_check
      CHECK (target_type IN ('message', 'story', 'comment', 'event', 'user', 'resource', 'tip'))`);
    await q.query(`ALTER TABLE review_items DROP CONSTRAINT review_items_kind_check`);
    await q.query(`ALTER TABLE review_items ADD CONSTRAINT review_items_kind_check
      CHECK (kind IN ('report', 'safeguarding', 'watched_word', 'first_message', 'outdated', 'stale'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM review_items WHERE target_type IN ('resource', 'tip') OR kind IN ('outdated', 'stale')`);
    await q.query(`ALTER TABLE review_items DROP CONSTRAINT review_items_kind_check`);
    await q.query(`ALTER TABLE review_items ADD CONSTRAINT review_items_kind_check CHECK (kind IN ('report', 'safeguarding', 'watched_word', 'first_message'))`);
    await q.query(`ALTER TABLE review_items DROP CONSTRAINT review_items_target_type_check`);
    await q.query(`ALTER TABLE review_items ADD CONSTRAINT review_items_target_type_check CHECK (target_type IN ('message', 'story', 'comment', 'event', 'user'))`);
    for (const table of ['resource_history', 'resource_tips', 'resource_locations', 'resources', 'organization_members', 'organizations']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
