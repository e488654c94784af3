import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user.js';
import { returning } from '../database/returning.js';

/** What ending a person's credentials ended. */
export interface EndedCredentials {
  sessions: number;
  tokens: number;
  calendarFeed: boolean;
}

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

  /**
   * Ends every credential a person has — sessions (except optionally the one in use), personal
   * access tokens and the calendar feed address — in one statement, and says how many of each.
   */
  async endCredentialsOf(userId: string, exceptSessionIdHash: string | null, manager: EntityManager = this.db.manager): Promise<EndedCredentials> {
    const rows: EndedCredentials[] = await manager.query(
      `WITH s AS (DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2 RETURNING 1),
            t AS (DELETE FROM access_tokens WHERE user_id = $1 RETURNING 1),
            f AS (DELETE FROM calendar_feeds WHERE user_id = $1 RETURNING 1)
       SELECT (SELECT count(*) FROM s)::int AS sessions, (SELECT count(*) FROM t)::int AS tokens,
              (SELECT count(*) FROM f) > 0 AS "calendarFeed"`,
      [userId, exceptSessionIdHash],
    );
    return rows[0];
  }
}
