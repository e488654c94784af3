import { parse as parseCookies } from 'cookie';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE, type AuthUser } from '../auth/auth-user.js';
import type { SessionService } from '../auth/session.service.js';

/**
 * Authenticates a socket before any room is joined: the session cookie the browser sends, or a
 * personal access token in `auth: { token }`. Unknown callers are refused at the handshake.
 */
export function handshakeAuth(sessions: SessionService) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const token = socket.handshake.auth?.token;
      const cookies = parseCookies(socket.handshake.headers.cookie ?? '');
      const user: AuthUser | null =
        typeof token === 'string' ? await sessions.userFromToken(token) : await sessions.userFromCookie(cookies[SESSION_COOKIE]);
      if (!user) return next(new Error('UNAUTHENTICATED'));
      socket.data.user = user;
      next();
    } catch (err) {
      next(err instanceof Error ? err : new Error('INTERNAL'));
    }
  };
}
