import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import type { Request } from 'express';
import { SESSION_COOKIE, type AuthUser } from './auth-user.js';
import { SessionService } from './session.service.js';

/** The `sid` cookie, looked up in the sessions table. */
@Injectable()
export class SessionCookieStrategy extends PassportStrategy(CustomStrategy, 'session-cookie') {
  constructor(private readonly sessions: SessionService) {
    super();
  }
  async validate(req: Request): Promise<AuthUser | false> {
    return (await this.sessions.userFromCookie(req.cookies?.[SESSION_COOKIE], req)) ?? false;
  }
}

/** `Authorization: Bearer <personal access token>`. */
@Injectable()
export class TokenStrategy extends PassportStrategy(BearerStrategy, 'bearer') {
  constructor(private readonly sessions: SessionService) {
    super();
  }
  async validate(token: string): Promise<AuthUser | false> {
    return (await this.sessions.userFromToken(token)) ?? false;
  }
}
