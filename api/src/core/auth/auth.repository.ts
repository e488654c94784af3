import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user.js';
import { returning } from '../database/returning.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  locale: AuthUser['locale'];
  roles: AuthUser['roles'];
}

const toUser = (row: UserRow, via: AuthUser['via'], credentialId: string): AuthUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  locale: row.locale,
  roles: row.roles,
  via,
  credentialId,
});

/** Sessions and access tokens. Only active accounts authenticate. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async userBySession(idHash: string): Promise<AuthUser | null> {
    // Sliding expiry, written at most once a minute per session to keep reads cheap.
    const rows: UserRow[] = await this.db.query(
      `WITH s AS (
         UPDATE sessions SET last_seen_at = now(), expires_at = now() + interval '30 days'
          WHERE id_hash = $1 AND expires_at > now()
            AND last_seen_at < now() - interval '1 minute'
       )
       SELECT u.id, u.username, u.display_name, u.locale, u.roles
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND u.status = 'active'`,
      [idHash],
    );
    return rows[0] ? toUser(rows[0], 'session', idHash) : null;
  }

  async userByToken(tokenHash: string): Promise<AuthUser | null> {
    const rows = await returning<UserRow & { token_id: string }>(
      this.db,
      `UPDATE access_tokens t SET last_used_at = now()
         FROM users u
        WHERE t.token_hash = $1 AND u.id = t.user_id AND u.status = 'active'
          AND (t.expires_at IS NULL OR t.expires_at > now())
       RETURNING u.id, u.username, u.display_name, u.locale, u.roles, t.id AS token_id`,
      [tokenHash],
    );
    return rows[0] ? toUser(rows[0], 'token', rows[0].token_id) : null;
  }

  async createSession(userId: string, idHash: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '30 days')`,
      [idHash, userId],
    );
  }

  async deleteSession(idHash: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`DELETE FROM sessions WHERE id_hash = $1`, [idHash]);
  }

  /** Ends every session of a person, except optionally the one they are using; answers the ended ids. */
  async deleteSessionsOf(userId: string, exceptIdHash: string | null = null, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await returning<{ id_hash: string }>(
      manager,
      `DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2 RETURNING id_hash`,
      [userId, exceptIdHash],
    );
    return rows.map((r) => r.id_hash);
  }

  /** Answers the ended token ids. */
  async deleteTokensOf(userId: string, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await returning<{ id: string }>(manager, `DELETE FROM access_tokens WHERE user_id = $1 RETURNING id`, [userId]);
    return rows.map((r) => r.id);
  }

  /**
   * Which of these credentials still authenticate (not ended, not expired, account active): the
   * same conditions as `userBySession`/`userByToken`, without touching last-seen times.
   */
  async liveCredentials(sessionIds: string[], tokenIds: string[]): Promise<Set<string>> {
    if (!sessionIds.length && !tokenIds.length) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id_hash AS id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = ANY($1::text[]) AND s.expires_at > now() AND u.status = 'active'
       UNION ALL
       SELECT t.id::text AS id FROM access_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.id = ANY($2::uuid[]) AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.status = 'active'`,
      [sessionIds, tokenIds],
    );
    return new Set(rows.map((r) => r.id));
  }
}
