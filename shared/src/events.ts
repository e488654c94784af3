import type { AckError } from './errors.js';
import type { Message, MessageReaction } from './schemas/chat.schema.js';
import type { PublicUser } from './schemas/accounts.schema.js';

/** What an ack carries: `{ ok: true, ...T }` or an error with a code from ERROR_CODES. */
export type Ack<T = object> = ((T & { ok: true }) | AckError);
type WithAck<P, T = object> = (payload: P, ack: (answer: Ack<T>) => void) => void;

/** Events the client sends; every one is answered by an ack. */
export interface ClientToServerEvents {
  'space:join': WithAck<{ spaceId: string }, { lastMessageId: string | null; lastSeq: number }>;
  'space:leave': WithAck<{ spaceId: string }>;
  'message:send': WithAck<{ spaceId: string; clientId: string; body: string; replyToId?: string | null }, { message: Message }>;
  'message:edit': WithAck<{ messageId: string; body: string }, { message: Message }>;
  'message:delete': WithAck<{ messageId: string }, { id: string; spaceId: string }>;
  'message:react': WithAck<{ messageId: string; kind: MessageReaction }, { message: Message }>;
  'messages:since': WithAck<{ spaceId: string; afterId?: string | null }, { messages: Message[]; hasMore: boolean }>;
  typing: WithAck<{ spaceId: string }>;
}

/** Events the server pushes to everyone in a space who may see them. */
export interface ServerToClientEvents {
  'message:new': (payload: { message: Message }) => void;
  'message:updated': (payload: { message: Message }) => void;
  'message:deleted': (payload: { id: string; spaceId: string }) => void;
  typing: (payload: { spaceId: string; user: PublicUser }) => void;
  /** Something for you alone: a waitlist promotion, a reminder, a change to an event you go to. */
  'notification:new': (payload: { notification: { id: string; kind: string; data: Record<string, unknown>; createdAt: string; readAt: string | null }; unread: number }) => void;
  /** You were taken out of a space (left, removed); stop showing its messages. */
  'space:removed': (payload: { spaceId: string }) => void;
  /** You blocked this person (perhaps in another tab): stop showing their messages and words now. */
  'user:blocked': (payload: { userId: string }) => void;
}

export const spaceRoom = (spaceId: string) => `space:${spaceId}`;
export const userRoom = (userId: string) => `user:${userId}`;
/** One person's sockets that joined one space: a copy meant for them alone in that space goes here. */
export const readerRoom = (spaceId: string, userId: string) => `space:${spaceId}:user:${userId}`;
