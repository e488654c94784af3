import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrganisationType, ParticipantInput } from '@sorstars/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { returning } from '../../core/database/returning.js';

export interface SettingsRow {
  event_id: string;
  open: boolean;
  consent_text: string;
  /** `YYYY-MM-DD` (read as text, so no time zone shifts the day). */
  retention_until: string;
  partner_organisations: string[];
}

export interface RegistrationRow {
  id: string;
  event_id: string;
  full_name: string;
  organisation: string;
  organisation_address: string;
  country: string;
  organisation_type: OrganisationType;
  role: string;
  source: 'form' | 'walk_in' | 'import';
  checked_in_at: Date | null;
  created_at: Date;
}

export interface NewRegistration extends ParticipantInput {
  consentText: string;
  source: RegistrationRow['source'];
  tokenHash: Buffer | null;
  checkedIn: boolean;
}

const SETTINGS = `event_id, open, consent_text, retention_until::text AS retention_until, partner_organisations`;
const REGISTRATION = `id, event_id, full_name, organisation, organisation_address, trim(country) AS country, organisation_type, role, source, checked_in_at, created_at`;

/** The only code that reads or writes event_registrations; nothing here joins to users. */
@Injectable()
export class RegistrationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async settings(eventId: string): Promise<SettingsRow | null> {
    const rows: SettingsRow[] = await this.db.query(`SELECT ${SETTINGS} FROM event_registration_settings WHERE event_id = $1`, [eventId]);
    return rows[0] ?? null;
  }

  async saveSettings(eventId: string, s: { open: boolean; consentText: string; retentionUntil: string; partnerOrganisations: string[] }): Promise<void> {
    await this.db.query(
      `INSERT INTO event_registration_settings (event_id, open, consent_text, retention_until, partner_organisations) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO UPDATE SET open = $2, consent_text = $3, retention_until = $4, partner_organisations = $5,
         retention_reminded_for = CASE WHEN event_registration_settings.retention_until = $4 THEN event_registration_settings.retention_reminded_for END,
         updated_at = now()`,
      [eventId, s.open, s.consentText, s.retentionUntil, s.partnerOrganisations],
    );
  }

  async insert(m: EntityManager, eventId: string, rows: readonly NewRegistration[]): Promise<string[]> {
    if (!rows.length) return [];
    // One statement for a whole import: every row goes in, or (on any failure) none does.
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO event_registrations (event_id, full_name, organisation, organisation_address, country, organisation_type, role, consent_text, source, token_hash, checked_in_at)
       SELECT $1, r.full_name, r.organisation, r.organisation_address, r.country, r.organisation_type, r.role, r.consent_text, r.source, r.token_hash,
              CASE WHEN r.checked_in THEN now() END
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bytea[], $11::boolean[])
         AS r(full_name, organisation, organisation_address, country, organisation_type, role, consent_text, source, token_hash, checked_in)
       RETURNING id`,
      [
        eventId,
        rows.map((r) => r.fullName),
        rows.map((r) => r.organisation),
        rows.map((r) => r.organisationAddress),
        rows.map((r) => r.country),
        rows.map((r) => r.organisationType),
        rows.map((r) => r.role),
        rows.map((r) => r.consentText),
        rows.map((r) => r.source),
        rows.map((r) => r.tokenHash),
        rows.map((r) => r.checkedIn),
      ],
    );
    return inserted.map((r) => r.id);
  }

  async byToken(tokenHash: Buffer): Promise<RegistrationRow | null> {
    const rows: RegistrationRow[] = await this.db.query(`SELECT ${REGISTRATION} FROM event_registrations WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  async deleteByToken(tokenHash: Buffer): Promise<boolean> {
    return (await returning(this.db, `DELETE FROM event_registrations WHERE token_hash = $1 RETURNING id`, [tokenHash])).length > 0;
  }

  /** A page in name order, optionally only names containing `q` (the check-in search). */
  async page(eventId: string, f: { q?: string; limit: number; after?: { name: string; id: string } }): Promise<RegistrationRow[]> {
    const params: unknown[] = [eventId];
    const where = ['event_id = $1'];
    if (f.q) {
      params.push(`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`lower(full_name) LIKE $${params.length}`);
    }
    if (f.after) {
      params.push(f.after.name, f.after.id);
      where.push(`(lower(full_name), id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return this.db.query(`SELECT ${REGISTRATION} FROM event_registrations WHERE ${where.join(' AND ')} ORDER BY lower(full_name), id LIMIT $${params.length}`, params);
  }

  /** Every registration of an event, for exports, the sign-in sheet and the report (bounded by the import and form limits). */
  all(eventId: string): Promise<RegistrationRow[]> {
    return this.db.query(`SELECT ${REGISTRATION} FROM event_registrations WHERE event_id = $1 ORDER BY lower(full_name), id`, [eventId]);
  }

  async count(eventId: string, m: EntityManager = this.db.manager): Promise<number> {
    const rows: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM event_registrations WHERE event_id = $1`, [eventId]);
    return rows[0]?.n ?? 0;
  }

  /** Locks the event's settings so concurrent imports and sign-ups count against the cap one at a time. */
  async lockSettings(m: EntityManager, eventId: string): Promise<void> {
    await m.query(`SELECT 1 FROM event_registration_settings WHERE event_id = $1 FOR UPDATE`, [eventId]);
  }

  async setCheckedIn(eventId: string, id: string, checkedIn: boolean): Promise<RegistrationRow | null> {
    const rows = await returning<RegistrationRow>(
      this.db,
      `UPDATE event_registrations SET checked_in_at = CASE WHEN $3 THEN coalesce(checked_in_at, now()) END, updated_at = now()
       WHERE event_id = $1 AND id = $2 RETURNING ${REGISTRATION}`,
      [eventId, id, checkedIn],
    );
    return rows[0] ?? null;
  }

  /** Settings (and with them, by cascade, every registration) whose retention day has come. */
  async deleteExpired(today: string): Promise<string[]> {
    const rows = await returning<{ event_id: string }>(this.db, `DELETE FROM event_registration_settings WHERE retention_until <= $1::date RETURNING event_id`, [today]);
    return rows.map((r) => r.event_id);
  }

  /** Settings whose retention day is within `days` and whose admins have not been told about that day yet. */
  dueForReminder(today: string, days: number, limit: number): Promise<(SettingsRow & { title: string; organization_id: string | null })[]> {
    return this.db.query(
      `SELECT s.event_id, s.open, s.consent_text, s.retention_until::text AS retention_until, s.partner_organisations, e.title, e.organization_id
       FROM event_registration_settings s JOIN events e ON e.id = s.event_id
       WHERE s.retention_until <= $1::date + $2::int AND s.retention_reminded_for IS DISTINCT FROM s.retention_until
       ORDER BY s.retention_until LIMIT $3`,
      [today, days, limit],
    );
  }

  async markReminded(eventId: string, day: string): Promise<void> {
    await this.db.query(`UPDATE event_registration_settings SET retention_reminded_for = $2::date WHERE event_id = $1`, [eventId, day]);
  }
}
