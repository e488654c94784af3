import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every chat message takes the next number from its space (`UPDATE spaces SET last_seq = …`), and
 * the search trigger on spaces fired on any UPDATE: each send deleted and rewrote the space's search
 * document (its tsvector and trigram index entries, its words, a Meilisearch outbox row) for text
 * that had not changed — about a third of Postgres's work per send in the chat-rooms bench. The
 * trigger now fires only when a column the space's document or its Meilisearch copy reads changes
 * (CreateSearchDocuments; MEILI_SOURCE_SQL); inserts and deletes are unchanged.
 */
export class ReindexSpacesOnTextChanges1796020000000 implements MigrationInterface {
  name = 'ReindexSpacesOnTextChanges1796020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_index ON spaces`);
    await q.query(`
      CREATE TRIGGER search_index
        AFTER INSERT OR DELETE OR UPDATE OF slug, name, description, guidelines, language, kind, visibility, created_at ON spaces
        FOR EACH ROW EXECUTE FUNCTION search_index_spaces_trigger()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_index ON spaces`);
    await q.query(`CREATE TRIGGER search_index AFTER INSERT OR UPDATE OR DELETE ON spaces FOR EACH ROW EXECUTE FUNCTION search_index_spaces_trigger()`);
  }
}
