import type { Message, MessageReaction } from '@sorstars/shared';

/** A message this browser is still sending, or could not send; it keeps its clientId for retries. */
export interface PendingMessage {
  clientId: string;
  body: string;
  replyTo: Message['replyTo'];
  replyToId: string | null;
  /** `queued`: typed with no connection; sent (same clientId) when the connection is back. */
  status: 'sending' | 'queued' | 'failed';
  error?: string;
  /** The server refused it before storing it (a mute, slow mode, a blocked word, the send limit); not BUSY, not INTERNAL. */
  refused?: boolean;
  /** A refusal that named a wait (slow mode, the send limit): until then (`performance.now()` ms) a resend is refused too. Failed messages are never saved, so the clock's origin never changes under it. */
  retryAt?: number;
  createdAt: string;
}

/** How often a send a full server called BUSY is tried again before it shows as not sent. */
const BUSY_RETRIES = 6;
/** How long a send to a held space keeps being tried again before it shows as not sent. */
const HELD_SPACE_PATIENCE_MS = 120_000;

/** A BUSY send's resends so far: how many a full server refused, how long a held space made it wait. */
export interface BusyResends {
  tries: number;
  heldMs: number;
}

/**
 * How long to wait before sending again a message the server called BUSY, counting the wait into
 * `resends`; null when it is time to show it as not sent (with its "Try again" button).
 * A full server names a short wait (a quarter to half a second): each resend waits a little longer,
 * so a crowd of resends thins out, six times. A space whose sends are held names when the hold
 * ends and lengthens the hold itself while it lasts (1, 2, 4, 8 s): waiting just that lands the
 * message soon after the hold, where waiting longer each time left it up to half a minute behind;
 * and the server lets one resend at a time find out, so such resends are counted in time, not
 * tries: two minutes of the server's hints (the round trips come on top), about as long as the
 * growing waits lasted. Messages queued behind it wait their turn meanwhile, in order.
 */
export function busyResendWaitMs(answer: { retryAfterMs?: number; spaceHeld?: boolean }, resends: BusyResends): number | null {
  const hint = answer.retryAfterMs ?? 500;
  if (answer.spaceHeld) {
    if (resends.heldMs + hint > HELD_SPACE_PATIENCE_MS) return null;
    resends.heldMs += hint;
    return hint;
  }
  if (resends.tries >= BUSY_RETRIES) return null;
  resends.tries += 1;
  return hint * resends.tries;
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

/** What a message becomes on screen once it is gone: no words, no reactions, marked deleted. */
export function tombstone(m: Message): Message {
  return { ...m, body: '', deletedAt: m.deletedAt ?? new Date().toISOString(), reactions: [] };
}

/** One page of `messages:since`, or null when the server refused or did not answer. */
export type SincePage = { messages: Message[]; hasMore: boolean } | null;

/**
 * Fetches everything after `afterId` page by page, handing each page to `receive`. Each page
 * continues from the previous page, never from the newest message the client holds: a live
 * message that lands meanwhile is newer than the gap, and starting from it would skip the gap.
 * Bounded, so a server that always says "more" cannot keep a client busy.
 */
export async function catchUpAfter(
  afterId: string | null,
  fetchPage: (afterId: string | null) => Promise<SincePage>,
  receive: (messages: Message[]) => void,
  { maxPages = 20, stopped = () => false }: { maxPages?: number; stopped?: () => boolean } = {},
): Promise<void> {
  let after = afterId;
  for (let page = 0; page < maxPages && !stopped(); page++) {
    const answer = await fetchPage(after);
    if (!answer) return;
    receive(answer.messages);
    if (!answer.hasMore || answer.messages.length === 0) return;
    after = answer.messages[answer.messages.length - 1].id;
  }
}

/**
 * Brings the messages a client holds up to date with the newest page read afresh after a
 * reconnect that could not replay what was missed: edits, reactions and moderation of recent
 * messages. A held message the page's range covers but no longer holds was taken down (held
 * again, removed, its author blocked) and becomes a tombstone, as a live `message:deleted` would.
 * Older messages are left as they are; they were not in question.
 */
export function reconcileRecent(list: Message[], page: Message[]): Message[] {
  if (page.length === 0) return list;
  const fresh = new Map(page.map((m) => [m.id, m]));
  const seqs = page.map((m) => m.seq);
  const [oldest, newest] = [Math.min(...seqs), Math.max(...seqs)];
  // Only inside the page's range: a live message that arrived after the page was read is newer.
  const takenDown = (m: Message) => m.seq >= oldest && m.seq <= newest && !m.deletedAt;
  const updated = list.map((m) => fresh.get(m.id) ?? (takenDown(m) ? tombstone(m) : m));
  return upsertAll(updated, page.filter((m) => !list.some((held) => held.id === m.id)), true);
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

/**
 * Messages typed offline wait in the tab's session storage, so a reload does not lose them; quick
 * exit and signing out clear them (see utils/offline.ts), and they go when the tab is closed.
 */
export const CHAT_QUEUE_PREFIX = 'sorstars:queue:';
/** A queue is what one person types while offline, not an archive. */
const QUEUE_MAX = 50;

export function loadQueue(spaceId: string): PendingMessage[] {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(`${CHAT_QUEUE_PREFIX}${spaceId}`) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((item): item is PendingMessage => typeof item?.clientId === 'string' && typeof item.body === 'string')
      .slice(0, QUEUE_MAX)
      .map((item) => ({ ...item, status: 'queued', error: undefined }));
  } catch {
    // Storage blocked or the value mangled: nothing queued.
    return [];
  }
}

/** Keeps what is not yet acknowledged (queued or on its way); a failed send stays on the page only. */
export function saveQueue(spaceId: string, pending: PendingMessage[]): void {
  try {
    const waiting = pending.filter((item) => item.status !== 'failed').slice(0, QUEUE_MAX);
    const key = `${CHAT_QUEUE_PREFIX}${spaceId}`;
    if (waiting.length) window.sessionStorage.setItem(key, JSON.stringify(waiting));
    else window.sessionStorage.removeItem(key);
  } catch {
    // Storage blocked: the queue lives on this page only.
  }
}
