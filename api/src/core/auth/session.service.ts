import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Request, Response, CookieOptions } from 'express';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthRepository, type EndedCredentialsWithIds } from './auth.repository.js';
import { SESSION_COOKIE, SESSION_DAYS, type AuthUser } from './auth-user.js';
import { CREDENTIALS_ENDED, type CredentialsEnded } from './credentials-ended.js';
import { randomSecret, sha256 } from './secrets.js';
import { keepCompanionRow, type SessionCompanion } from './session-companion.js';
import { logger } from '../logging/logger.js';

/**
 * Browser sessions: an opaque 256-bit id in an httpOnly cookie, only its hash stored. A new id is
 * issued at every login (rotation), so an id planted before login is worthless after it.
 */
@Injectable()
export class SessionService {
  private companion: SessionCompanion | null = null;

  constructor(
    private readonly repo: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  async start(req: Request, res: Response, userId: string, manager?: EntityManager): Promise<void> {
    const previous = req.cookies?.[SESSION_COOKIE];
    // Inside the caller's transaction: the embedded database's pool has one client, so a second
    // connection here would wait forever for the one the transaction holds.
    if (typeof previous === 'string') {
      await this.repo.deleteSession(sha256(previous), manager);
      this.ended({ sessionIds: [sha256(previous)] });
    }
    const sid = randomSecret();
    await this.repo.createSession(userId, sha256(sid), manager);
    res.cookie(SESSION_COOKIE, sid, { ...this.cookieOptions(req), maxAge: SESSION_DAYS * 86_400_000 });
  }

  async end(req: Request, res: Response, user: AuthUser | undefined): Promise<void> {
    if (user?.via === 'session') {
      await this.repo.deleteSession(user.credentialId);
      this.ended({ sessionIds: [user.credentialId] });
    }
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  /** Announces ended sessions/tokens (after their transaction): their live connections end everywhere. */
  ended(credentials: CredentialsEnded): void {
    this.events.emit(CREDENTIALS_ENDED, credentials);
  }

  /** Whether the session or token a caller proved themselves with still authenticates. */
  async stillValid(user: AuthUser): Promise<boolean> {
    return this.repo.liveCredential(user.via, user.credentialId);
  }

  /** The credential ids among these callers' that still authenticate, in one query. */
  async stillValidOf(users: AuthUser[]): Promise<Set<string>> {
    const ids = (via: AuthUser['via']) => [...new Set(users.filter((u) => u.via === via).map((u) => u.credentialId))];
    return this.repo.liveCredentials(ids('session'), ids('token'));
  }

  /**
   * The one way a person's credentials are ended (password change, recovery, suspension, deletion):
   * every session but `keepSessionIdHash`, every access token and the calendar feed address, in the
   * caller's transaction. Pass the answer's `credentials` to `ended()` once that transaction has
   * committed, so their live connections close everywhere.
   */
  async endAllOf(userId: string, keepSessionIdHash: string | null, manager?: EntityManager): Promise<EndedCredentialsWithIds> {
    return this.repo.endCredentialsOf(userId, keepSessionIdHash, manager);
  }

  /**
   * Who the session cookie `sid` signs in. Given the request, and when the companion registered
   * below wants it, the companion's row is read in the same statement and kept on the request.
   */
  async userFromCookie(sid: unknown, req?: Request): Promise<AuthUser | null> {
    if (typeof sid !== 'string' || sid.length < 20 || sid.length > 100) return null;
    const hash = sha256(sid);
    const companion = req && this.companion?.wanted(req) ? this.companion : null;
    if (!req || !companion) return this.repo.userBySession(hash);
    try {
      const found = await this.repo.userBySessionWith(hash, companion);
      if (found?.along) keepCompanionRow(req, found.along);
      return found?.user ?? null;
    } catch (err) {
      // A broken extra must not sign anyone out: the session alone, and the companion's module reads as before.
      logger.error({ err }, 'auth: the session lookup with its companion read failed; looking up the session alone');
      return this.repo.userBySession(hash);
    }
  }

  /** The read that rides with the session lookup (session-companion.ts); one per API. */
  readAlongWithSession(companion: SessionCompanion): void {
    if (this.companion && this.companion !== companion) throw new Error('a session companion is already registered');
    this.companion = companion;
  }

  async userFromToken(token: string): Promise<AuthUser | null> {
    if (token.length < 20 || token.length > 200) return null;
    return this.repo.userByToken(sha256(token));
  }

  private cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies || req.secure, path: '/' };
  }
}
