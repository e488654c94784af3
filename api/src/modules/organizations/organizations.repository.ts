import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { UUID_PATTERN, type OrgIdentifierScheme, type OrgRole } from '@sorstars/shared';

export interface OrganizationRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  phone: string | null;
  identifiers: { scheme: OrgIdentifierScheme; identifier: string }[];
  languages: string[];
  hsds_id: string | null;
  verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
  viewer_role: OrgRole | null;
}

export interface OrganizationWrite {
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  phone: string | null;
  identifiers: { scheme: OrgIdentifierScheme; identifier: string }[];
  languages: string[];
}

const SELECT = `SELECT o.*, (SELECT m.role FROM organization_members m WHERE m.organization_id = o.id AND m.user_id = $1::uuid) AS viewer_role FROM organizations o`;

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async find(viewerId: string | null, idOrSlug: string): Promise<OrganizationRow | null> {
    const byId = UUID_PATTERN.test(idOrSlug);
    const rows = await this.db.query(`${SELECT} WHERE ${byId ? 'o.id = $2::uuid' : 'o.slug = $2'}`, [viewerId, idOrSlug]);
    return rows[0] ?? null;
  }

  async list(viewerId: string | null, f: { mine: boolean; verified?: boolean; q?: string; limit: number; after?: { name: string; id: string } }): Promise<OrganizationRow[]> {
    const params: unknown[] = [viewerId];
    const where: string[] = ['true'];
    if (f.mine) where.push(`EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = o.id AND m.user_id = $1::uuid)`);
    if (f.verified !== undefined) where.push(f.verified ? `o.verified_at IS NOT NULL` : `o.verified_at IS NULL`);
    if (f.q) where.push(`o.name ILIKE '%' || $${params.push(f.q.replace(/[\\%_]/g, '\\$&'))} || '%'`);
    if (f.after) where.push(`(o.name, o.id) > ($${params.push(f.after.name)}, $${params.push(f.after.id)}::uuid)`);
    return this.db.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY o.name, o.id LIMIT ${f.limit}`, params);
  }

  /** An organisation imported before (its HSDS id), or one Sorstárs exported (whose HSDS id is our id). */
  async findByHsdsId(m: EntityManager, hsdsId: string): Promise<string | null> {
    const rows = await m.query(`SELECT id FROM organizations WHERE coalesce(hsds_id, id::text) = $1`, [hsdsId]);
    return rows[0]?.id ?? null;
  }

  /** Inside a transaction pass its manager: the embedded database has one connection, which the transaction holds. */
  async slugTaken(slug: string, m: EntityManager = this.db.manager): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM organizations WHERE slug = $1`, [slug])).length > 0;
  }

  async insert(m: EntityManager, slug: string, createdBy: string | null, w: OrganizationWrite, hsdsId: string | null = null): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO organizations (slug, name, description, url, email, phone, identifiers, languages, created_by, hsds_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [slug, w.name, w.description, w.url, w.email, w.phone, JSON.stringify(w.identifiers), w.languages, createdBy, hsdsId],
    );
    return id;
  }

  async update(m: EntityManager, id: string, w: OrganizationWrite): Promise<void> {
    await m.query(
      `UPDATE organizations SET name = $2, description = $3, url = $4, email = $5, phone = $6, identifiers = $7, languages = $8, updated_at = now() WHERE id = $1`,
      [id, w.name, w.description, w.url, w.email, w.phone, JSON.stringify(w.identifiers), w.languages],
    );
  }

  async verify(id: string, by: string): Promise<void> {
    await this.db.query(`UPDATE organizations SET verified_at = now(), verified_by = $2, updated_at = now() WHERE id = $1`, [id, by]);
  }

  async roleOf(organizationId: string, userId: string): Promise<OrgRole | null> {
    const rows = await this.db.query(`SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId]);
    return rows[0]?.role ?? null;
  }

  async setMember(m: EntityManager, organizationId: string, userId: string, role: OrgRole): Promise<void> {
    await m.query(
      `INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [organizationId, userId, role],
    );
  }

  /** Locks the membership list, so two admins removing each other cannot leave none. */
  async lockMembers(m: EntityManager, organizationId: string): Promise<{ user_id: string; role: OrgRole }[]> {
    return m.query(`SELECT user_id, role FROM organization_members WHERE organization_id = $1 ORDER BY user_id FOR UPDATE`, [organizationId]);
  }

  async removeMember(m: EntityManager, organizationId: string, userId: string): Promise<void> {
    await m.query(`DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId]);
  }

  async members(organizationId: string): Promise<{ user_id: string; username: string; display_name: string | null; role: OrgRole; created_at: Date }[]> {
    return this.db.query(
      `SELECT m.user_id, u.username, u.display_name, m.role, m.created_at
         FROM organization_members m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = $1 AND u.status <> 'deleted' ORDER BY m.role, u.username`,
      [organizationId],
    );
  }

  async activeUserByUsernameKey(key: string): Promise<string | null> {
    const rows = await this.db.query(`SELECT id FROM users WHERE username_key = $1 AND status = 'active'`, [key]);
    return rows[0]?.id ?? null;
  }
}
