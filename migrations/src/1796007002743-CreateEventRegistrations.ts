import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registrations for multiplier events, kept apart from accounts: event_registrations has no user
 * column at all, so no query can tie a legal name to a username. The private link's token is kept
 * only as a SHA-256 hash. Settings carry the retention date at which a sweep deletes them.
 */
export class CreateEventRegistrations1796007002743 implements MigrationInterface {
  name = 'CreateEventRegistrations1796007002743';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE event_registration_settings (
      event_id uuid PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
      open boolean NOT NULL DEFAULT true,
      consent_text text NOT NULL,
      retention_until date NOT NULL,
      partner_organisations text[] NOT NULL DEFAULT '{}',
      retention_reminded_for date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX event_registration_settings_retention_idx ON event_registration_settings (retention_until)`);
    await q.query(`CREATE TABLE event_registrations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL REFERENCES event_registration_settings(event_id) ON DELETE CASCADE,
      full_name text NOT NULL,
      organisation text NOT NULL,
      organisation_address text NOT NULL,
      country char(2) NOT NULL,
      organisation_type text NOT NULL CHECK (organisation_type IN ('ngo', 'public_body', 'school_university', 'company', 'informal_group', 'other')),
      role text NOT NULL,
      consent_text text NOT NULL,
      source text NOT NULL CHECK (source IN ('form', 'walk_in', 'import')),
      token_hash bytea UNIQUE,
      checked_in_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX event_registrations_event_name_idx ON event_registrations (event_id, lower(full_name), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_registrations`);
    await q.query(`DROP TABLE event_registration_settings`);
  }
}
