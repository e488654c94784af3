import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import { spaceRoom, userRoom, type ClientToServerEvents, type ServerToClientEvents } from '@sorstars/shared';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;
type EventName = keyof ServerToClientEvents;

/**
 * The one way domain code reaches live sockets. Rooms are `space:<id>` and `user:<id>`; with the
 * Redis adapter every call reaches sockets on every API process.
 */
@Injectable()
export class RealtimeService {
  private server: RealtimeServer | null = null;
  private recoveryCheck: ((session: { rooms: string[]; data: unknown }) => Promise<boolean>) | null = null;

  attach(server: RealtimeServer): void {
    this.server = server;
    // Connection-state recovery restores a session's rooms and replays what it missed before any
    // of our code runs: someone removed from a space while offline must not get its room back.
    const adapter = server.of('/').adapter;
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      const session = await restore(pid, offset);
      if (session && this.recoveryCheck && !(await this.recoveryCheck(session))) return null as never;
      return session;
    };
  }

  /** Refuses a recovery (the client then connects afresh and re-joins) unless `check` allows it. */
  guardRecovery(check: (session: { rooms: string[]; data: unknown }) => Promise<boolean>): void {
    this.recoveryCheck = check;
  }

  /** To everyone in the space except the people listed (e.g. those who blocked the author). */
  toSpace<E extends EventName>(spaceId: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0], exceptUserIds: string[] = []): void {
    if (!this.server) return;
    const target = this.server.to(spaceRoom(spaceId));
    const emit = exceptUserIds.length ? target.except(exceptUserIds.map(userRoom)) : target;
    (emit.emit as (e: E, p: typeof payload) => boolean)(event, payload);
  }

  toUser<E extends EventName>(userId: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    if (!this.server) return;
    (this.server.to(userRoom(userId)).emit as (e: E, p: typeof payload) => boolean)(event, payload);
  }

  /** Takes every socket of a person out of a space's room at once, on every process. */
  removeFromSpace(userId: string, spaceId: string): void {
    if (!this.server) return;
    this.server.in(userRoom(userId)).socketsLeave(spaceRoom(spaceId));
    this.toUser(userId, 'space:removed', { spaceId });
  }

  /** Ends every live connection of a person (suspension, account deletion). */
  disconnectUser(userId: string): void {
    this.server?.in(userRoom(userId)).disconnectSockets(true);
  }
}
