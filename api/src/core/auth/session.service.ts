import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response, CookieOptions } from 'express';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthRepository, type EndedCredentials } from './auth.repository.js';
import { SESSION_COOKIE, SESSION_DAYS, type AuthUser } from './auth-user.js';
import { randomSecret, sha256 } from './secrets.js';

/**
 * Browser sessions: an opaque 256-bit id in an httpOnly cookie, only its hash stored. A new id is
 * issued at every login (rotation), so an id planted before login is worthless after it.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly repo: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(req: Request, res: Response, userId: string, manager?: EntityManager): Promise<void> {
    const previous = req.cookies?.[SESSION_COOKIE];
    // Inside the caller's transaction: the embedded database's pool has one client, so a second
    // connection here would wait forever for the one the transaction holds.
    if (typeof previous === 'string') await this.repo.deleteSession(sha256(previous), manager);
    const sid = randomSecret();
    await this.repo.createSession(userId, sha256(sid), manager);
    res.cookie(SESSION_COOKIE, sid, { ...this.cookieOptions(req), maxAge: SESSION_DAYS * 86_400_000 });
  }

  async end(req: Request, res: Response, user: AuthUser | undefined): Promise<void> {
    if (user?.via === 'session') await this.repo.deleteSession(user.credentialId);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  /**
   * The one way a person's credentials are ended (password change, recovery, suspension): every
   * session but `keepSessionIdHash`, every access token and the calendar feed address. Anything
   * that must follow an ended credential (e.g. closing its live sockets) belongs here.
   */
  async endAllOf(userId: string, keepSessionIdHash: string | null, manager?: EntityManager): Promise<EndedCredentials> {
    return this.repo.endCredentialsOf(userId, keepSessionIdHash, manager);
  }

  async userFromCookie(sid: unknown): Promise<AuthUser | null> {
    if (typeof sid !== 'string' || sid.length < 20 || sid.length > 100) return null;
    return this.repo.userBySession(sha256(sid));
  }

  async userFromToken(token: string): Promise<AuthUser | null> {
    if (token.length < 20 || token.length > 200) return null;
    return this.repo.userByToken(sha256(token));
  }

  private cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies || req.secure, path: '/' };
  }
}
