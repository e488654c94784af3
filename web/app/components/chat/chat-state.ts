import type { Message, MessageReaction } from '@sorstars/shared';

/** A message this browser is still sending, or could not send; it keeps its clientId for retries. */
export interface PendingMessage {
  clientId: string;
  body: string;
  replyTo: Message['replyTo'];
  replyToId: string | null;
  status: 'sending' | 'failed';
  error?: string;
  createdAt: string;
}

/**
 * Merges one message into a list kept in seq order, without duplicates. Broadcasts say
 * `mine: false` for everyone, so unless `trustMine`, the reader's own reactions are kept.
 */
export function upsert(list: Message[], incoming: Message, trustMine: boolean): Message[] {
  const index = list.findIndex((m) => m.id === incoming.id);
  if (index >= 0) {
    const existing = list[index];
    const merged = trustMine ? incoming : { ...incoming, reactions: keepMine(existing.reactions, incoming.reactions) };
    const next = list.slice();
    next[index] = merged;
    return next;
  }
  const next = list.slice();
  let at = next.length;
  while (at > 0 && next[at - 1].seq > incoming.seq) at--;
  next.splice(at, 0, incoming);
  return next;
}

export function upsertAll(list: Message[], incoming: Message[], trustMine: boolean): Message[] {
  return incoming.reduce((acc, message) => upsert(acc, message, trustMine), list);
}

function keepMine(previous: Message['reactions'], next: Message['reactions']): Message['reactions'] {
  const mine = new Set(previous.filter((r) => r.mine).map((r) => r.kind));
  return next.map((r) => ({ ...r, mine: mine.has(r.kind) }));
}

export function reactionCount(message: Message, kind: MessageReaction): { count: number; mine: boolean } {
  const found = message.reactions.find((r) => r.kind === kind);
  return { count: found?.count ?? 0, mine: found?.mine ?? false };
}

export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const DRAFT_PREFIX = 'sorstars:draft:';
