import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PlatformRole } from '@sorstars/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { returning } from '../../core/database/returning.js';

export interface PersonRow {
  id: string;
  username: string;
  username_key: string;
  display_name: string | null;
  roles: PlatformRole[];
  status: 'active' | 'suspended';
  suspended_until: Date | null;
  created_at: Date;
}

const PERSON_COLUMNS = `id, username, username_key, display_name, roles, status, suspended_until, created_at`;

/** `%`, `_` and `\` typed into the search box are letters, not LIKE wildcards. */
const likePrefix = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The people admins look after: find, read, and lock rows for a role or suspension change. */
@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Usernames starting with `prefix`, folded the way search folds text (case, accents, Serbian
   * Cyrillic as Latin), ordered by username key so the key of a page's last row is the next cursor.
   */
  search(prefix: string, limit: number, after: string | null): Promise<PersonRow[]> {
    return this.db.query(
      `SELECT ${PERSON_COLUMNS} FROM users
        WHERE status <> 'deleted' AND search_fold(username) LIKE search_fold($1) || '%'
          AND ($2::text IS NULL OR username_key > $2)
        ORDER BY username_key LIMIT $3`,
      [likePrefix(prefix), after, limit],
    );
  }

  async byId(id: string, m: EntityManager | DataSource = this.db, lock = false): Promise<PersonRow | null> {
    const rows = await m.query(`SELECT ${PERSON_COLUMNS} FROM users WHERE id = $1 AND status <> 'deleted'${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Locks every admin's row and answers who still can act (active ones). Every change that could
   * take away an admin takes these locks first, so two admins removing each other at the same
   * moment are serialised and the second sees the first's change.
   */
  async lockAdmins(m: EntityManager): Promise<{ id: string; status: string }[]> {
    return m.query(`SELECT id, status FROM users WHERE 'admin' = ANY (roles) AND status <> 'deleted' ORDER BY id FOR UPDATE`);
  }

  /** Adds or removes one role; answers whether anything changed. */
  async setRole(m: EntityManager, id: string, role: PlatformRole, granted: boolean): Promise<boolean> {
    const rows = await returning(
      m,
      granted
        ? `UPDATE users SET roles = array_append(roles, $2::text), updated_at = now() WHERE id = $1 AND NOT ($2 = ANY (roles)) RETURNING id`
        : `UPDATE users SET roles = array_remove(roles, $2::text), updated_at = now() WHERE id = $1 AND $2 = ANY (roles) RETURNING id`,
      [id, role],
    );
    return rows.length > 0;
  }

  /** Spaces keeping the person out now. */
  bans(userId: string): Promise<{ space_id: string; space_name: string; until: Date | null; reason: string | null }[]> {
    return this.db.query(
      `SELECT b.space_id, s.name AS space_name, b.until, b.reason FROM space_bans b JOIN spaces s ON s.id = b.space_id
        WHERE b.user_id = $1 AND (b.until IS NULL OR b.until > now()) ORDER BY b.created_at DESC LIMIT 100`,
      [userId],
    );
  }

  /** Spaces where the person may not post now. */
  mutes(userId: string): Promise<{ space_id: string; space_name: string; until: Date }[]> {
    return this.db.query(
      `SELECT m.space_id, s.name AS space_name, m.until FROM space_mutes m JOIN spaces s ON s.id = m.space_id
        WHERE m.user_id = $1 AND m.until > now() ORDER BY m.until DESC LIMIT 100`,
      [userId],
    );
  }

  /** Review items about the person with the reasons given; who reported stays out. */
  reportsAbout(userId: string): Promise<{ id: string; kind: string; target_type: string; status: string; resolution: string | null; reasons: string[]; created_at: Date }[]> {
    return this.db.query(
      `SELECT r.id, r.kind, r.target_type, r.status, r.resolution, r.created_at,
              ARRAY(SELECT DISTINCT p.reason FROM reports p WHERE p.review_item_id = r.id ORDER BY p.reason)::text[] AS reasons
         FROM review_items r WHERE r.subject_user_id = $1 ORDER BY r.created_at DESC LIMIT 100`,
      [userId],
    );
  }

  async spaceNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM spaces WHERE id = ANY ($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
