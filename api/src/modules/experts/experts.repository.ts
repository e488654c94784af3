import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContributionStatus, OrgRole } from '@sorstars/shared';
import { returning } from '../../core/database/returning.js';

export interface ContributionRow {
  id: string;
  organization_id: string;
  organization_slug: string;
  organization_name: string;
  expert_id: string | null;
  expert_username: string | null;
  expert_display_name: string | null;
  kind: string;
  title: string;
  happened_on: string;
  hours: string;
  theme: string;
  currency: string | null;
  fee_amount: string | null;
  fee_declined: boolean;
  expenses_amount: string;
  status: ContributionStatus;
  note: string | null;
  reflection: string | null;
  reflected_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface ContributionWrite {
  kind: string;
  title: string;
  date: string;
  hours: number;
  theme: string;
  currency: string | null;
  feeAmount: number | null;
  feeDeclined: boolean;
  expensesAmount: number;
  status: ContributionStatus;
  note: string | null;
}

export interface ListingRow {
  organization_id: string;
  organization_slug: string;
  organization_name: string;
  expert_id: string;
  username: string;
  display_name: string | null;
  invited_at: Date;
  accepted_at: Date | null;
}

/** A deleted account's entries keep their organisation's numbers but nobody's name. */
const SELECT = `SELECT c.id, c.organization_id, o.slug AS organization_slug, o.name AS organization_name,
                       c.expert_id, u.username AS expert_username, u.display_name AS expert_display_name,
                       c.kind, c.title, to_char(c.happened_on, 'YYYY-MM-DD') AS happened_on, c.hours::text AS hours, c.theme,
                       c.currency, c.fee_amount::text AS fee_amount, c.fee_declined, c.expenses_amount::text AS expenses_amount,
                       c.status, c.note, c.reflection, c.reflected_at, c.created_at, c.updated_at
                  FROM expert_contributions c
                  JOIN organizations o ON o.id = c.organization_id
                  LEFT JOIN users u ON u.id = c.expert_id AND u.status <> 'deleted'`;
const LISTING = `SELECT l.organization_id, o.slug AS organization_slug, o.name AS organization_name, l.expert_id, u.username, u.display_name, l.invited_at, l.accepted_at
                   FROM expert_listings l JOIN organizations o ON o.id = l.organization_id JOIN users u ON u.id = l.expert_id`;

@Injectable()
export class ExpertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async organization(id: string): Promise<{ id: string; slug: string; name: string } | null> {
    const rows = await this.db.query(`SELECT id, slug, name FROM organizations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async orgRole(organizationId: string, userId: string): Promise<OrgRole | null> {
    const rows = await this.db.query(`SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId]);
    return rows[0]?.role ?? null;
  }

  async activeUserByUsernameKey(key: string): Promise<string | null> {
    const rows = await this.db.query(`SELECT id FROM users WHERE username_key = $1 AND status = 'active'`, [key]);
    return rows[0]?.id ?? null;
  }

  /** Invites once; a second invitation leaves an accepted listing as it is. */
  async invite(organizationId: string, expertId: string, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO expert_listings (organization_id, expert_id, invited_by) VALUES ($1, $2, $3) ON CONFLICT (organization_id, expert_id) DO NOTHING`,
      [organizationId, expertId, by],
    );
  }

  async listingsOfOrganization(organizationId: string): Promise<ListingRow[]> {
    return this.db.query(`${LISTING} WHERE l.organization_id = $1 AND u.status <> 'deleted' ORDER BY l.accepted_at IS NULL, u.username`, [organizationId]);
  }

  async listingsOfExpert(expertId: string): Promise<ListingRow[]> {
    return this.db.query(`${LISTING} WHERE l.expert_id = $1 ORDER BY o.name`, [expertId]);
  }

  async accept(organizationId: string, expertId: string): Promise<boolean> {
    const rows = await returning(this.db, `UPDATE expert_listings SET accepted_at = coalesce(accepted_at, now()) WHERE organization_id = $1 AND expert_id = $2 RETURNING 1`, [organizationId, expertId]);
    return rows.length > 0;
  }

  async removeListing(organizationId: string, expertId: string): Promise<boolean> {
    const rows = await returning(this.db, `DELETE FROM expert_listings WHERE organization_id = $1 AND expert_id = $2 RETURNING 1`, [organizationId, expertId]);
    return rows.length > 0;
  }

  /** Locked, so an expert leaving and staff logging cannot cross: nothing is logged after they left. */
  async acceptedListing(m: EntityManager, organizationId: string, expertId: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM expert_listings WHERE organization_id = $1 AND expert_id = $2 AND accepted_at IS NOT NULL FOR SHARE`, [organizationId, expertId]);
    return rows.length > 0;
  }

  async insert(m: EntityManager, organizationId: string, expertId: string, by: string, w: ContributionWrite): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO expert_contributions (organization_id, expert_id, kind, title, happened_on, hours, theme, currency, fee_amount, fee_declined, expenses_amount, status, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [organizationId, expertId, w.kind, w.title, w.date, w.hours, w.theme, w.currency, w.feeAmount, w.feeDeclined, w.expensesAmount, w.status, w.note, by],
    );
    return id;
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<ContributionRow | null> {
    const rows = await m.query(`${SELECT} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async update(m: EntityManager, id: string, w: ContributionWrite): Promise<void> {
    await m.query(
      `UPDATE expert_contributions SET kind = $2, title = $3, happened_on = $4, hours = $5, theme = $6, currency = $7, fee_amount = $8, fee_declined = $9,
              expenses_amount = $10, status = $11, note = $12, updated_at = now() WHERE id = $1`,
      [id, w.kind, w.title, w.date, w.hours, w.theme, w.currency, w.feeAmount, w.feeDeclined, w.expensesAmount, w.status, w.note],
    );
  }

  async reflect(id: string, reflection: string | null): Promise<void> {
    await this.db.query(`UPDATE expert_contributions SET reflection = $2, reflected_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, updated_at = now() WHERE id = $1`, [id, reflection]);
  }

  /** Newest first, keyset paged by (date, id). */
  async list(where: { organizationId?: string; expertId?: string }, limit: number, after?: { date: string; id: string }): Promise<ContributionRow[]> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (where.organizationId) conditions.push(`c.organization_id = $${params.push(where.organizationId)}`);
    if (where.expertId) conditions.push(`c.expert_id = $${params.push(where.expertId)}`);
    if (after) conditions.push(`(c.happened_on, c.id) < ($${params.push(after.date)}::date, $${params.push(after.id)}::uuid)`);
    return this.db.query(`${SELECT} WHERE ${conditions.join(' AND ')} ORDER BY c.happened_on DESC, c.id DESC LIMIT ${limit}`, params);
  }

  /** What the totals count: entries that happened (done or paid). */
  async totalsFacts(organizationId: string): Promise<{ person: string | null; month: string; theme: string; hours: string; currency: string | null; fee_amount: string | null; fee_declined: boolean; expenses_amount: string }[]> {
    return this.db.query(
      `SELECT u.username AS person, to_char(c.happened_on, 'YYYY-MM') AS month, c.theme, c.hours::text AS hours, c.currency,
              c.fee_amount::text AS fee_amount, c.fee_declined, c.expenses_amount::text AS expenses_amount
         FROM expert_contributions c LEFT JOIN users u ON u.id = c.expert_id AND u.status <> 'deleted'
        WHERE c.organization_id = $1 AND c.status IN ('done', 'paid')`,
      [organizationId],
    );
  }
}
