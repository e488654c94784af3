import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resources and organisations become searchable, kept by triggers like every other type (see
 * CreateSearchDocuments): whoever writes a resource, its places or an organisation updates
 * search_documents in the same transaction.
 *
 * A resource is indexed only while it is listed (not deleted, active, visible); its text is its
 * name and description, every translation's name and description, and the cities of its public
 * places. A confidential place (a refuge) gives nothing at all — not its address, postal code,
 * coordinates, nor even its city — so no query can find or show where it is.
 */
const INDEXERS: Record<string, { type: string; select: string; gone: string }> = {
  resources: {
    type: 'resource',
    select: `SELECT 'resource', r.id, NULL::uuid, r.organization_id, o.languages[1], r.name,
                    concat_ws(E'\\n', r.description,
                      (SELECT string_agg(concat_ws(E'\\n', t.value->>'name', t.value->>'description'), E'\\n' ORDER BY t.key)
                         FROM jsonb_each(r.translations) t WHERE jsonb_typeof(t.value) = 'object'),
                      (SELECT string_agg(DISTINCT l.city, ' ') FROM resource_locations l WHERE l.resource_id = r.id AND NOT l.confidential)),
                    '{}'::text[], r.created_at
               FROM resources r JOIN organizations o ON o.id = r.organization_id
              WHERE r.id = $1 AND r.deleted_at IS NULL AND r.status = 'active' AND r.moderation_state = 'visible'`,
    gone: `NEW.deleted_at IS NOT NULL OR NEW.status <> 'active' OR NEW.moderation_state <> 'visible'`,
  },
  organizations: {
    type: 'organization',
    select: `SELECT 'organization', o.id, NULL::uuid, NULL::uuid, o.languages[1], o.name, o.description, '{}'::text[], o.created_at
               FROM organizations o WHERE o.id = $1`,
    gone: 'false',
  },
};

export class IndexDirectoryForSearch1795997248829 implements MigrationInterface {
  name = 'IndexDirectoryForSearch1795997248829';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, { type, select, gone }] of Object.entries(INDEXERS)) {
      await q.query(`
        CREATE FUNCTION search_index_${table}(doc_id uuid) RETURNS void LANGUAGE plpgsql AS $fn$
        BEGIN
          DELETE FROM search_documents WHERE type = '${type}' AND id = doc_id;
          INSERT INTO search_documents (type, id, space_id, parent_id, language, title, body, notes, created_at)
            ${select.replace('$1', 'doc_id')};
        END $fn$`);
      await q.query(`
        CREATE FUNCTION search_index_${table}_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            DELETE FROM search_documents WHERE type = '${type}' AND id = OLD.id;
            RETURN OLD;
          END IF;
          IF ${gone} THEN
            DELETE FROM search_documents WHERE type = '${type}' AND id = NEW.id;
          ELSE
            PERFORM search_index_${table}(NEW.id);
          END IF;
          RETURN NEW;
        END $fn$`);
      await q.query(`CREATE TRIGGER search_index AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION search_index_${table}_trigger()`);
    }
    // A place's city is part of its resource's text (or stops being, when it turns confidential).
    await q.query(`
      CREATE FUNCTION search_index_resource_locations_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM search_index_resources(OLD.resource_id); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.resource_id <> OLD.resource_id) THEN
          PERFORM search_index_resources(NEW.resource_id);
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER search_index AFTER INSERT OR UPDATE OR DELETE ON resource_locations FOR EACH ROW EXECUTE FUNCTION search_index_resource_locations_trigger()`);
    await q.query(`SELECT search_index_organizations(id) FROM organizations`);
    await q.query(`SELECT search_index_resources(id) FROM resources`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_index ON resource_locations`);
    await q.query(`DROP FUNCTION search_index_resource_locations_trigger()`);
    for (const [table, { type }] of Object.entries(INDEXERS)) {
      await q.query(`DROP TRIGGER search_index ON ${table}`);
      await q.query(`DROP FUNCTION search_index_${table}_trigger()`);
      await q.query(`DROP FUNCTION search_index_${table}(uuid)`);
      await q.query(`DELETE FROM search_documents WHERE type = '${type}'`);
    }
  }
}
