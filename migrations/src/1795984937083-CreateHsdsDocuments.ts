import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HSDS 3.1 documents resources and organisations were imported from. Sorstárs holds only
 * part of HSDS (no programs, fundings, cost options, contacts…), so the imported object is kept
 * whole: an export gives back the imported value of every field Sorstárs has not changed since.
 * `baseline` is a fingerprint per field of what Sorstárs itself would have exported right after the
 * import; `sal_ids` maps each imported service-at-location id to its location's HSDS id.
 */
export class CreateHsdsDocuments1795984937083 implements MigrationInterface {
  name = 'CreateHsdsDocuments1795984937083';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hsds_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid UNIQUE REFERENCES resources (id) ON DELETE CASCADE,
        organization_id uuid UNIQUE REFERENCES organizations (id) ON DELETE CASCADE,
        document jsonb NOT NULL,
        baseline jsonb NOT NULL DEFAULT '{}',
        sal_ids jsonb NOT NULL DEFAULT '{}',
        imported_by uuid REFERENCES users (id) ON DELETE SET NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        CHECK (num_nonnulls(resource_id, organization_id) = 1)
      )`);
    await q.query(`CREATE INDEX hsds_documents_sal_ids_idx ON hsds_documents USING gin (sal_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hsds_documents`);
  }
}
