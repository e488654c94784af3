import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GIN indexes buffer new entries in a "pending list" until a vacuum merges it, and every search
 * scans that list in full. Chat writes documents all the time, so search slowed between vacuums
 * (after a bulk load of 100,000 documents the text index held 18,000 pending entries and a bare
 * one-word lookup took 15 ms instead of 1 ms). Search documents are written one at a time, so
 * each write now goes straight into the index, and what is pending now is merged once.
 */
export class SearchIndexesWithoutPendingList1795997265856 implements MigrationInterface {
  name = 'SearchIndexesWithoutPendingList1795997265856';

  async up(q: QueryRunner): Promise<void> {
    for (const index of ['search_documents_tsv_idx', 'search_documents_trgm_idx']) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['search_documents_tsv_idx', 'search_documents_trgm_idx']) {
      await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
    }
  }
}
