import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@sorstars/shared';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One Socket.IO connection to the API, through the web server's proxy (same origin, so the
 * httpOnly session cookie goes along). WebSocket only: the API runs several replicas without
 * sticky sessions, and long-polling would land its requests on different ones.
 */
export function connectChat(): ChatSocket {
  return io({ path: '/socket.io', transports: ['websocket'], autoConnect: false, reconnectionDelayMax: 10_000 });
}
