import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo search by dictionary. A misspelt word was matched by trigram word similarity against every
 * document's folded text (`<%`), which reads and rechecks thousands of documents for common
 * trigrams (the bench's slow typo queries). Instead search_words keeps every distinct folded word
 * of 4 to 24 letters once, with a trigram index; a typo is first corrected to its nearest words
 * there (a few thousand short rows at most), and those words are searched like any other word,
 * through the text index.
 *
 * A trigger adds the words of whatever is written to search_documents, in the same transaction;
 * this migration fills it from the documents there. Words are never removed: a word nobody uses any
 * more only makes a typo try one more word, and what is found is filtered by permissions as always.
 */
export class CreateSearchWords1796008466122 implements MigrationInterface {
  name = 'CreateSearchWords1796008466122';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE search_words (word text PRIMARY KEY)`);
    await q.query(`
      CREATE FUNCTION search_words_of(folded text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT DISTINCT w FROM regexp_split_to_table(folded, '[^[:alnum:]]+') w WHERE length(w) BETWEEN 4 AND 24 ORDER BY w
      $fn$`);
    // Sorted, so two writers adding the same words take their locks in the same order.
    await q.query(`
      CREATE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO search_words (word) SELECT w FROM search_words_of(NEW.folded) w ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER search_words AFTER INSERT OR UPDATE OF title, body ON search_documents FOR EACH ROW EXECUTE FUNCTION search_words_add()`);
    await q.query(`INSERT INTO search_words (word) SELECT DISTINCT w FROM search_documents d, search_words_of(d.folded) w ON CONFLICT DO NOTHING`);
    await q.query(`CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_words ON search_documents`);
    await q.query(`DROP FUNCTION search_words_add()`);
    await q.query(`DROP FUNCTION search_words_of(text)`);
    await q.query(`DROP TABLE search_words`);
  }
}
