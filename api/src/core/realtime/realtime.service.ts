import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Server } from 'socket.io';
import { readerRoom, spaceRoom, userRoom, type ClientToServerEvents, type ServerToClientEvents } from '@sorstars/shared';
import { CREDENTIALS_ENDED, type CredentialsEnded } from '../auth/credentials-ended.js';
import { credentialRoom } from './connection-guard.js';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;
type EventName = keyof ServerToClientEvents;

/**
 * The one way domain code reaches live sockets. Rooms are `space:<id>` and `user:<id>`; with the
 * Redis adapter every call reaches sockets on every API process.
 */
@Injectable()
export class RealtimeService {
  private server: RealtimeServer | null = null;

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  /**
   * To everyone in the space and every socket of the people in `alsoUserIds`, each socket once,
   * except the people listed in `exceptUserIds` (e.g. those who blocked the author).
   */
  toSpace<E extends EventName>(
    spaceId: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    exceptUserIds: string[] = [],
    alsoUserIds: string[] = [],
  ): void {
    if (!this.server) return;
    const target = this.server.to(alsoUserIds.length ? [spaceRoom(spaceId), ...alsoUserIds.map(userRoom)] : spaceRoom(spaceId));
    const emit = exceptUserIds.length ? target.except(exceptUserIds.map(userRoom)) : target;
    (emit.emit as (e: E, p: typeof payload) => boolean)(event, payload);
  }

  /** To the sockets these people joined this space with, and none of their others. */
  toReaders<E extends EventName>(spaceId: string, userIds: string[], event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    if (!this.server || !userIds.length) return;
    (this.server.to(userIds.map((id) => readerRoom(spaceId, id))).emit as (e: E, p: typeof payload) => boolean)(event, payload);
  }

  toUser<E extends EventName>(userId: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    if (!this.server) return;
    (this.server.to(userRoom(userId)).emit as (e: E, p: typeof payload) => boolean)(event, payload);
  }

  /** Takes every socket of a person out of a space's room at once, on every process. */
  removeFromSpace(userId: string, spaceId: string): void {
    if (!this.server) return;
    this.server.in(userRoom(userId)).socketsLeave([spaceRoom(spaceId), readerRoom(spaceId, userId)]);
    this.toUser(userId, 'space:removed', { spaceId });
  }

  /**
   * The one way live connections end when what opened them ends: the sockets of these sessions,
   * tokens or people are disconnected at once, on every process (the Redis adapter carries it).
   */
  @OnEvent(CREDENTIALS_ENDED)
  endConnections(ended: CredentialsEnded): void {
    const rooms = [
      ...(ended.sessionIds ?? []).map((credentialId) => credentialRoom({ via: 'session', credentialId })),
      ...(ended.tokenIds ?? []).map((credentialId) => credentialRoom({ via: 'token', credentialId })),
      ...(ended.userIds ?? []).map(userRoom),
    ];
    if (rooms.length) this.server?.in(rooms).disconnectSockets(true);
  }
}
