import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { randomSecret, secretFromDataDir } from './secrets.js';

export const DEVICE_COOKIE = 'device';
const DEVICE_COOKIE_DAYS = 365;
const SECRET_FILE = 'device-cookie.secret';

/**
 * OWASP's device cookies: a browser that has signed in to an account gets a signed cookie naming
 * it as that account's device, and keeps a guessing budget of its own. Strangers guessing a
 * name then use up only the budget strangers share, and the owner's browser still gets in.
 *
 * The cookie is `<nonce>.<account tag>.<mac>`. The tag is an HMAC of the username, not the name
 * itself, so a shared computer's cookie jar does not tell who used it.
 */
@Injectable()
export class DeviceCookies {
  private secretBytes: Buffer | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Read (or made) on first use, so a process that never signs anyone in — the CLI — writes nothing. */
  private get secret(): Buffer {
    this.secretBytes ??= Buffer.from(this.config.deviceCookieSecret ?? secretFromDataDir(this.config.dataDir, SECRET_FILE), 'utf8');
    return this.secretBytes;
  }

  /** The device's nonce when the request carries a genuine device cookie for this username key. */
  deviceFor(req: Request, usernameKey: string): string | null {
    const raw: unknown = req.cookies?.[DEVICE_COOKIE];
    if (typeof raw !== 'string' || raw.length > 200) return null;
    const [nonce, tag, mac] = raw.split('.');
    if (!nonce || !tag || !mac || tag !== this.tag(usernameKey)) return null;
    const expected = Buffer.from(this.mac(nonce, tag));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
  }

  /** After a successful sign-in: a fresh cookie (a new nonce, so a new budget) for this account. */
  issue(req: Request, res: Response, usernameKey: string): void {
    const nonce = randomSecret(16);
    const tag = this.tag(usernameKey);
    const options: CookieOptions = {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies || req.secure,
      path: '/',
      maxAge: DEVICE_COOKIE_DAYS * 86_400_000,
    };
    res.cookie(DEVICE_COOKIE, `${nonce}.${tag}.${this.mac(nonce, tag)}`, options);
  }

  private tag(usernameKey: string): string {
    return createHmac('sha256', this.secret).update(`account:${usernameKey}`).digest('base64url').slice(0, 22);
  }

  private mac(nonce: string, tag: string): string {
    return createHmac('sha256', this.secret).update(`device:${nonce}.${tag}`).digest('base64url');
  }
}
