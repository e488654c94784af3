import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Server, Socket } from 'socket.io';
import { userRoom } from '@sorstars/shared';
import { SESSION_COOKIE, type AuthUser } from '../auth/auth-user.js';
import { SessionService } from '../auth/session.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { translate } from '../i18n/i18n.js';
import { logger } from '../logging/logger.js';

type AuthedSocket = Socket & { data: { user: AuthUser } };

/** The room of every socket opened with one session or token: ending that credential ends them. */
export const credentialRoom = (credential: Pick<AuthUser, 'via' | 'credentialId'>): string => `${credential.via}:${credential.credentialId}`;

/**
 * Keeps every socket bound to the session or token that opened it, for as long as it lives:
 * - the handshake authenticates (cookie or token) and caps sockets per person in this process;
 * - each socket sits in its credential's room, so ending the credential disconnects it on every
 *   process (RealtimeService listens for `auth.credentials_ended`);
 * - each handled event re-checks the credential, and a periodic sweep drops sockets whose credential
 *   ended or expired without a word (defence in depth: a missed disconnect must not leak).
 */
@Injectable()
export class ConnectionGuard implements OnApplicationShutdown {
  /** Sockets per person in this process, counted from the handshake until the connection closes. */
  private readonly open = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Socket.IO middleware: runs before any room is joined. */
  handshake() {
    return async (socket: Socket, next: (err?: Error) => void) => {
      try {
        const token = socket.handshake.auth?.token;
        const cookies = parseCookies(socket.handshake.headers.cookie ?? '');
        const user: AuthUser | null =
          typeof token === 'string' ? await this.sessions.userFromToken(token) : await this.sessions.userFromCookie(cookies[SESSION_COOKIE]);
        if (!user) return next(new Error('UNAUTHENTICATED'));
        if (!this.reserve(socket, user)) return next(this.tooMany(user));
        socket.data.user = user;
        next();
      } catch (err) {
        next(err instanceof Error ? err : new Error('INTERNAL'));
      }
    };
  }

  /**
   * On connection: the person's and the credential's rooms, then one more look at the credential,
   * so a logout that landed between the handshake and the join cannot be missed.
   */
  async bind(socket: AuthedSocket): Promise<void> {
    const { user } = socket.data;
    socket.join([userRoom(user.id), credentialRoom(user)]);
    // Nest does not await this: a failed look-up must end the socket, not the process.
    const live = await this.sessions.stillValid(user).catch((err: unknown) => {
      logger.error({ err }, 'socket credential check failed');
      return false;
    });
    if (!live) socket.disconnect(true);
  }

  /** Refuses an event from a socket whose credential has ended, and ends the socket after the answer. */
  async assertLive(socket: AuthedSocket): Promise<void> {
    if (await this.sessions.stillValid(socket.data.user)) return;
    this.endAfterAnswer(socket);
    throw new AppError('UNAUTHENTICATED');
  }

  /**
   * For an event whose work re-checks the credential itself, in the statement that checks access
   * (a send: one round trip fewer on the hottest path): when that check finds the credential ended
   * (UNAUTHENTICATED), the socket ends after the answer, as with `assertLive`.
   */
  async liveOrEnded<T>(socket: AuthedSocket, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAUTHENTICATED') this.endAfterAnswer(socket);
      throw err;
    }
  }

  private endAfterAnswer(socket: AuthedSocket): void {
    setImmediate(() => socket.disconnect(true));
  }

  /** Starts the periodic sweep of this process's sockets. */
  watch(server: Server): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => {
      this.sweep(server).catch((err) => logger.error({ err }, 'socket credential sweep failed'));
    }, this.config.socketRecheckSeconds * 1000);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  private async sweep(server: Server): Promise<void> {
    const sockets = [...server.of('/').sockets.values()] as AuthedSocket[];
    if (!sockets.length) return;
    const live = await this.sessions.stillValidOf(sockets.map((s) => s.data.user));
    const ended = sockets.filter((s) => !live.has(s.data.user.credentialId));
    for (const socket of ended) socket.disconnect(true);
    if (ended.length) logger.info({ sockets: ended.length }, 'sockets whose credential ended were disconnected by the sweep');
  }

  /** Counts the socket against its person until its connection closes; false when over the cap. */
  private reserve(socket: Socket, user: AuthUser): boolean {
    const count = this.open.get(user.id) ?? 0;
    if (count >= this.config.socketsPerPerson) return false;
    this.open.set(user.id, count + 1);
    socket.conn.once('close', () => {
      const left = (this.open.get(user.id) ?? 1) - 1;
      if (left > 0) this.open.set(user.id, left);
      else this.open.delete(user.id);
    });
    return true;
  }

  private tooMany(user: AuthUser): Error {
    const limit = this.config.socketsPerPerson;
    return Object.assign(new Error('TOO_MANY_CONNECTIONS'), {
      data: { code: 'TOO_MANY_CONNECTIONS', limit, message: translate(user.locale, 'errors', 'TOO_MANY_CONNECTIONS', { limit }) },
    });
  }
}
