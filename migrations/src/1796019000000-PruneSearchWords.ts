import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * search_words (CreateSearchWords) only ever grew: a word from a deleted message, a removed story
 * or an erased account stayed, and as a typo's nearest word it could still take the place of a
 * word someone may read (and so tell that it exists). search_words_prune(words) removes those of
 * the given words that no document holds any more, checked against the documents' folded text the
 * way search_words_of splits it (letters and digits between other characters), through the
 * trigram index. The API calls it for a deleted account's words and, a batch at a time, for the
 * whole dictionary (SearchWordsSweep: what is stale now goes over its first rounds, not in this
 * migration, which would check every word at once). A word a concurrent write adds back in the same instant may
 * be lost until that document is written again: a typo then finds it by one word fewer, nothing is
 * shown that should not be.
 */
export class PruneSearchWords1796019000000 implements MigrationInterface {
  name = 'PruneSearchWords1796019000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_words_prune(candidates text[]) RETURNS integer LANGUAGE plpgsql AS $fn$
      DECLARE pruned integer;
      BEGIN
        -- Words are letters and digits only (search_words_of), so the pattern holds no syntax of its own.
        DELETE FROM search_words w
         WHERE w.word = ANY (candidates)
           AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.folded ~ ('(^|[^[:alnum:]])' || w.word || '([^[:alnum:]]|$)'));
        GET DIAGNOSTICS pruned = ROW_COUNT;
        RETURN pruned;
      END $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The pruned words are not put back: they belonged to documents that are gone.
    await q.query(`DROP FUNCTION search_words_prune(text[])`);
  }
}
