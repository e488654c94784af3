import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user.js';
import type { SessionCompanion } from './session-companion.js';
import { sessionUserSql } from './session.sql.js';
import { prepared } from '../database/prepared.js';

/** What ending a person's credentials ended. */
export interface EndedCredentials {
  sessions: number;
  tokens: number;
  calendarFeed: boolean;
}

/** The counts for the person, and the ended ids for closing their live connections (never shown). */
export interface EndedCredentialsWithIds {
  ended: EndedCredentials;
  credentials: { sessionIds: string[]; tokenIds: string[] };
}

interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  locale: AuthUser['locale'];
  roles: AuthUser['roles'];
  created_at: Date;
}

const toUser = (row: UserRow, via: AuthUser['via'], credentialId: string): AuthUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  locale: row.locale,
  roles: row.roles,
  via,
  credentialId,
  createdAt: row.created_at.toISOString(),
});

/** Sessions and access tokens. Only active accounts authenticate. */
const LIVE_SESSIONS = (match: string) =>
  `SELECT s.id_hash AS id FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash ${match} AND s.expires_at > now() AND u.status = 'active'`;
const LIVE_TOKENS = (match: string) =>
  `SELECT t.id::text AS id FROM access_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.id ${match} AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.status = 'active'`;
const LIVE_ONE = { session: prepared(LIVE_SESSIONS('= $1')), token: prepared(LIVE_TOKENS('= $1::uuid')) };

/**
 * Whether the session or token `param` names still authenticates, as a boolean SQL expression: the
 * check `liveCredential` makes, for a statement that reads something else in the same round trip
 * (its aliases are its own: inside EXISTS they shadow any of the outer statement's).
 */
export function liveCredentialSql(via: AuthUser['via'], param: string): string {
  return `EXISTS (${via === 'session' ? LIVE_SESSIONS(`= ${param}`) : LIVE_TOKENS(`= ${param}::uuid`)})`;
}

const SESSION_USER = prepared(sessionUserSql());
const withCompanion = new Map<SessionCompanion, string>();

@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async userBySession(idHash: string): Promise<AuthUser | null> {
    const rows: UserRow[] = await this.db.query(SESSION_USER, [idHash]);
    return rows[0] ? toUser(rows[0], 'session', idHash) : null;
  }

  /**
   * The same lookup with a companion's columns read for the person found, in the same statement
   * (session-companion.ts); `along` is its row, null when it gave none.
   */
  async userBySessionWith(idHash: string, companion: SessionCompanion): Promise<{ user: AuthUser; along: Record<string, unknown> | null } | null> {
    let text = withCompanion.get(companion);
    if (!text) withCompanion.set(companion, (text = prepared(sessionUserSql(companion.sql('signed_in.id')))));
    const rows: (UserRow & { along: Record<string, unknown> | null })[] = await this.db.query(text, [idHash]);
    return rows[0] ? { user: toUser(rows[0], 'session', idHash), along: rows[0].along } : null;
  }

  async userByToken(tokenHash: string): Promise<AuthUser | null> {
    // Last use, written at most once a minute per token, as a session's: a script or calendar app
    // calling every few seconds wrote a row, and waited for its commit, on every call. As with a
    // session, a call that meets a revocation mid-statement reads the token as it was when it began.
    const rows: (UserRow & { token_id: string })[] = await this.db.query(
      prepared(`WITH touched AS (
         UPDATE access_tokens t SET last_used_at = now()
           FROM users u
          WHERE t.token_hash = $1 AND u.id = t.user_id AND u.status = 'active'
            AND (t.expires_at IS NULL OR t.expires_at > now())
            AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
       )
       SELECT u.id, u.username, u.display_name, u.locale, u.roles, u.created_at, t.id AS token_id
         FROM access_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND u.status = 'active' AND (t.expires_at IS NULL OR t.expires_at > now())`),
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
   * Which of these credentials still authenticate (not ended, not expired, account active): the
   * same conditions as `userBySession`/`userByToken`, without touching last-seen times.
   */
  async liveCredentials(sessionIds: string[], tokenIds: string[]): Promise<Set<string>> {
    if (!sessionIds.length && !tokenIds.length) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `${LIVE_SESSIONS('= ANY($1::text[])')} UNION ALL ${LIVE_TOKENS('= ANY($2::uuid[])')}`,
      [sessionIds, tokenIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The same for one credential (every socket event asks): a lookup Postgres plans once. */
  async liveCredential(via: 'session' | 'token', id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(LIVE_ONE[via], [id]);
    return rows.length > 0;
  }

  /**
   * Ends every credential a person has — sessions (except optionally the one in use), personal
   * access tokens and the calendar feed address — in one statement. Answers how many of each (for
   * the person) and which session and token ids (for closing their live connections after commit).
   */
  async endCredentialsOf(userId: string, exceptSessionIdHash: string | null, manager: EntityManager = this.db.manager): Promise<EndedCredentialsWithIds> {
    const rows: { session_ids: string[]; token_ids: string[]; calendar_feed: boolean }[] = await manager.query(
      `WITH s AS (DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2 RETURNING id_hash),
            t AS (DELETE FROM access_tokens WHERE user_id = $1 RETURNING id),
            f AS (DELETE FROM calendar_feeds WHERE user_id = $1 RETURNING 1)
       SELECT ARRAY(SELECT id_hash FROM s)::text[] AS session_ids, ARRAY(SELECT id::text FROM t)::text[] AS token_ids,
              (SELECT count(*) FROM f) > 0 AS calendar_feed`,
      [userId, exceptSessionIdHash],
    );
    const { session_ids: sessionIds, token_ids: tokenIds, calendar_feed: calendarFeed } = rows[0];
    return { ended: { sessions: sessionIds.length, tokens: tokenIds.length, calendarFeed }, credentials: { sessionIds, tokenIds } };
  }
}
