import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Experts by experience: an organisation invites a person (by username) to be listed, the person
 * accepts once and may leave at any time; staff then log that person's contributions. No tax or
 * bank details and no legal names live here. An entry's expert becomes NULL when the account is
 * deleted: the organisation keeps the hours and money for its totals, as "a former member".
 */
export class CreateExpertContributions1796006925809 implements MigrationInterface {
  name = 'CreateExpertContributions1796006925809';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE expert_listings (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        expert_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        invited_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        PRIMARY KEY (organization_id, expert_id)
      )`);
    await q.query(`CREATE INDEX expert_listings_expert_id_idx ON expert_listings (expert_id)`);
    await q.query(`
      CREATE TABLE expert_contributions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        expert_id uuid REFERENCES users (id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('consultation', 'training', 'working_group', 'lecture', 'peer_research_interview', 'other')),
        title text NOT NULL,
        happened_on date NOT NULL,
        hours numeric(4, 2) NOT NULL CHECK (hours >= 0.25 AND hours <= 24),
        theme text NOT NULL CHECK (theme IN ('early_intervention', 'social_inclusion', 'supported_housing', 'other')),
        currency char(3),
        fee_amount numeric(12, 2) CHECK (fee_amount >= 0),
        fee_declined boolean NOT NULL DEFAULT false,
        expenses_amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (expenses_amount >= 0),
        status text NOT NULL CHECK (status IN ('planned', 'done', 'paid')),
        note text,
        reflection text,
        reflected_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (currency IS NOT NULL OR (fee_amount IS NULL AND expenses_amount = 0)),
        CHECK (NOT fee_declined OR fee_amount IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX expert_contributions_org_idx ON expert_contributions (organization_id, happened_on DESC, id DESC)`);
    await q.query(`CREATE INDEX expert_contributions_expert_idx ON expert_contributions (expert_id, happened_on DESC, id DESC)`);
    await q.query(`CREATE INDEX expert_contributions_created_by_idx ON expert_contributions (created_by)`);
    await q.query(`CREATE INDEX expert_listings_invited_by_idx ON expert_listings (invited_by)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE expert_contributions`);
    await q.query(`DROP TABLE expert_listings`);
  }
}
