import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GIN indexes buffer new entries in a "pending list" (up to 4 MB by default) until a vacuum or a
 * full list merges it, and every search scans that list in full. Chat writes documents all the
 * time, so search slowed between vacuums: after a bulk load of 100,000 documents the text index
 * held 18,000 pending entries and a bare one-word lookup took 15 ms instead of 1 ms. A small list
 * (128 kB) keeps that scan short while writes are still merged in batches (turning the list off
 * made a bulk load of 100,000 documents several times slower). What is pending now is merged once.
 */
export class SmallSearchPendingLists1795997265856 implements MigrationInterface {
  name = 'SmallSearchPendingLists1795997265856';

  async up(q: QueryRunner): Promise<void> {
    for (const index of ['search_documents_tsv_idx', 'search_documents_trgm_idx']) {
      await q.query(`ALTER INDEX ${index} SET (gin_pending_list_limit = 128)`);
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['search_documents_tsv_idx', 'search_documents_trgm_idx']) {
      await q.query(`ALTER INDEX ${index} RESET (gin_pending_list_limit)`);
    }
  }
}
