import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Form, useFetcher } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_MAX, blockedQuote, withoutQuote, type Ack, type Message, type MessageReaction, type PublicUser } from '@sorstars/shared';
import { formatCountdown, formatNumber, countValues } from '~/utils/i18n';
import { isUnreachable } from '~/utils/unreachable';
import { connectChat, type ChatSocket } from '~/utils/socket.client';
import { DRAFT_PREFIX, busyResendWaitMs, catchUpAfter, excerpt, loadQueue, reconcileRecent, saveQueue, tombstone, upsertAll, type PendingMessage } from './chat-state';
import { Remembered } from '~/components/ui/Remembered';
import { MessageItem, authorName, messageHtmlKey, replyQuote, type MessageItemProps } from './MessageItem';
import { readMessagePage } from './message-pages';

/** The quote a reply to `message` carries, as the API will send it. */
const quoteOf = (message: Message): NonNullable<Message['replyTo']> => ({
  id: message.id,
  author: message.author,
  excerpt: excerpt(message.body, 140),
  deleted: false,
  blocked: false,
});

export interface ChatSpace {
  id: string;
  slug: string;
  name: string;
  /** The page whose action takes the chat's forms (send, read, typing, block); a space's own by default. */
  path?: string;
  archived: boolean;
  /** Said instead of "archived" when nobody may write here now (a request not yet accepted, an ended conversation). */
  closedNotice?: string;
  lastReadSeq: number;
  showTyping: boolean;
}

export interface ChatProps {
  space: ChatSpace;
  me: PublicUser;
  initialMessages: Message[];
  hasEarlier: boolean;
  /** False while someone reads older history from a link (no JavaScript): no live updates then. */
  live: boolean;
  /** What the no-JavaScript composer sent back, when the message needs another look. */
  composer?: { error?: string; body?: string };
}

type Status = 'connecting' | 'connected' | 'reconnecting' | 'unavailable';

/** Acks that never come count as a failed send after this long; a retry reuses the clientId. */
const ACK_TIMEOUT_MS = 10_000;
const TYPING_SEND_EVERY_MS = 3_000;
const TYPING_SHOW_MS = 5_000;
const ANNOUNCE_BATCH_MS = 1_000;
const MARK_READ_DELAY_MS = 1_500;
/** The character count appears when a message gets this close to the limit. */
const COUNT_FROM = MESSAGE_MAX - 500;

/** Renders again every second while `ticking`: for the waits refused messages count down. */
function useSecondTicks(ticking: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!ticking) return;
    const timer = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [ticking]);
}

function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older browsers and plain-http origins: a version-4 UUID from getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function Chat({ space, me, initialMessages, hasEarlier: initialHasEarlier, live, composer }: ChatProps) {
  const { t, i18n } = useTranslation('chat');
  const path = space.path ?? `/spaces/${space.slug}`;
  const locale = i18n.language;
  const [hydrated, setHydrated] = useState(false);
  const [messages, setMessages] = useState<Message[]>(initialMessages);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  /** Milliseconds until a refused message may be sent again; 0 when it may. */
  const waitLeft = (item: PendingMessage) => (item.retryAt === undefined ? 0 : Math.max(0, item.retryAt - performance.now()));
  const waitText = (ms: number) => t('composer.retryIn', { when: formatCountdown(ms / 1000, locale) });
  useSecondTicks(pending.some((p) => waitLeft(p) > 0));
  const [hasEarlier, setHasEarlier] = useState(initialHasEarlier);
  const [blocked, setBlocked] = useState<Set<string>>(() => new Set());
  const [status, setStatus] = useState<Status>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const [typers, setTypers] = useState<Record<string, { name: string; until: number }>>({});
  const [showTyping, setShowTyping] = useState(space.showTyping);
  const [draft, setDraft] = useState(composer?.body ?? '');
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  /** A background request (a page of messages, the typing choice, blocking) found no network. */
  const [unreachable, setUnreachable] = useState(false);

  const socketRef = useRef<ChatSocket | null>(null);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  /** The queue is written back only after it was read, so the first render does not wipe it. */
  const queueLoaded = useRef(false);
  /** The latest `send`, for the connection's handlers (made once per space). */
  const sendRef = useRef<(item: PendingMessage) => Promise<void>>(async () => undefined);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const announceQueue = useRef<Message[]>([]);
  const announceTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastTypingSent = useRef(0);
  const showTypingRef = useRef(showTyping);
  showTypingRef.current = showTyping;

  const [loadingEarlier, setLoadingEarlier] = useState(false);
  /** The newest page could not be read again after a reconnect: read it after the next one. */
  const recentMissed = useRef(false);
  const readFetcher = useFetcher<object>();
  const typingFetcher = useFetcher<object>();
  /** The typing choice the server has, and the one last asked for. */
  const typingSaved = useRef(space.showTyping);
  const typingAsked = useRef(space.showTyping);
  const blockFetcher = useFetcher<object>();

  const draftKey = `${DRAFT_PREFIX}${space.id}`;

  // ---- announcements for screen readers, batched ------------------------------------------
  const announce = useCallback(
    (incoming: Message[]) => {
      const fromOthers = incoming.filter((m) => m.author?.id !== me.id && !m.deletedAt);
      if (fromOthers.length === 0) return;
      announceQueue.current.push(...fromOthers);
      if (announceTimer.current) return;
      announceTimer.current = setTimeout(() => {
        const batch = announceQueue.current;
        announceQueue.current = [];
        announceTimer.current = null;
        const text =
          batch.length === 1
            ? t('live.newFrom', { name: authorName(t, batch[0].author), text: excerpt(batch[0].body, 100) })
            : t('live.newMany', countValues(batch.length, locale));
        setAnnouncement(text);
      }, ANNOUNCE_BATCH_MS);
    },
    [me.id, t, locale],
  );

  const receive = useCallback(
    (incoming: Message[], trustMine: boolean, { quiet = false } = {}) => {
      if (incoming.length === 0) return;
      const known = new Set(messagesRef.current.map((m) => m.id));
      const fresh = incoming.filter((m) => !known.has(m.id));
      const next = upsertAll(messagesRef.current, incoming, trustMine);
      messagesRef.current = next;
      setMessages(next);
      // Our own sends, seen again from the server, replace their "sending…" placeholders.
      const mineClientIds = new Set(incoming.filter((m) => m.author?.id === me.id).map((m) => m.clientId));
      if (mineClientIds.size) setPending((list) => list.filter((p) => !mineClientIds.has(p.clientId)));
      if (!quiet) announce(fresh);
    },
    [announce, me.id],
  );

  // ---- blocking: what goes at once ---------------------------------------------------------
  // Blocked here or in another tab ('user:blocked'): their messages go at once, and their words
  // leave the composer's quote and the unsent replies (kept across reloads) too.
  const hideBlocked = useCallback((id: string) => {
    setBlocked((all) => (all.has(id) ? all : new Set(all).add(id)));
    setReplyTo((target) => (target?.author?.id === id ? null : target));
    setPending((list) => list.map((p) => (p.replyTo?.author?.id === id ? { ...p, replyTo: blockedQuote(p.replyTo.id) } : p)));
  }, []);

  // Once JavaScript runs, each message's options link gives way to its menu: whoever was on a
  // link then (a keyboard, a screen reader on a slow phone) is put on the menu that replaced it.
  const focusedOptions = useRef<string | null>(null);
  useEffect(() => {
    if (!hydrated || !focusedOptions.current) return;
    document.getElementById(`message-${focusedOptions.current}`)?.querySelector<HTMLElement>('.message__menu > summary')?.focus();
    focusedOptions.current = null;
  }, [hydrated]);

  // ---- the connection -----------------------------------------------------------------------
  useEffect(() => {
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.classList.contains('message__menu-link')) focusedOptions.current = focused.closest('[data-message-id]')?.getAttribute('data-message-id') ?? null;
    setHydrated(true);
    try {
      const saved = window.sessionStorage.getItem(draftKey);
      if (saved && !composer?.body) setDraft(saved);
    } catch {
      // Storage may be blocked; the draft then lives only on this page.
    }
    const queued = loadQueue(space.id);
    if (queued.length) setPending(queued);
    queueLoaded.current = true;
    if (!live) return;

    const socket = connectChat();
    socketRef.current = socket;
    let disposed = false;

    const lastSeenId = () => {
      const list = messagesRef.current;
      return list.length ? list[list.length - 1].id : null;
    };

    function catchUp(afterId: string | null) {
      return catchUpAfter(
        afterId,
        async (after) => {
          const answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('messages:since', { spaceId: space.id, afterId: after })) as Ack<{
            messages: Message[];
            hasMore: boolean;
          }>;
          return answer.ok ? answer : null;
        },
        (messages) => receive(messages, true),
        { stopped: () => disposed },
      );
    }

    // Edits, reactions and moderation while we were away: the newest page, read again.
    async function readRecent() {
      const page = await readMessagePage(space);
      if (disposed) return;
      recentMissed.current = isUnreachable(page);
      if (!page || isUnreachable(page)) return;
      const next = reconcileRecent(messagesRef.current, page.messages);
      messagesRef.current = next;
      setMessages(next);
    }

    let connectedBefore = false;
    socket.on('connect', async () => {
      // Taken before joining: once joined, live messages can land before the catch-up starts.
      const lastSeenBeforeJoin = lastSeenId();
      // A reconnect is a fresh connection (the API keeps no connection state for recovery).
      const missedChanges = connectedBefore;
      connectedBefore = true;
      try {
        const joined = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('space:join', { spaceId: space.id })) as Ack<{ lastMessageId: string | null }>;
        if (!joined.ok) {
          setStatus('unavailable');
          return;
        }
        await catchUp(lastSeenBeforeJoin);
        if (disposed) return;
        // Catching up brings new messages only. Edits, reactions and moderation while we were
        // away were not replayed: read the newest page again.
        if (missedChanges || recentMissed.current) void readRecent();
        setStatus('connected');
        setUnreachable(false);
        // What was typed offline goes now, in order; catching up has already dropped any the
        // server had (their clientId came back), and a resend of the same clientId is safe anyway.
        for (const item of pendingRef.current.filter((p) => p.status === 'queued')) await sendRef.current(item);
      } catch {
        // No answer in time: the connection is not really there; socket.io will try again.
        if (!disposed) setStatus('reconnecting');
      }
    });
    socket.on('disconnect', () => {
      if (!disposed) setStatus('reconnecting');
    });
    socket.on('connect_error', () => {
      if (!disposed) setStatus('reconnecting');
    });
    socket.on('message:new', ({ message }) => {
      if (message.spaceId === space.id) receive([message], false);
    });
    socket.on('message:updated', ({ message }) => {
      if (message.spaceId === space.id) receive([message], false, { quiet: true });
    });
    socket.on('message:deleted', ({ id, spaceId }) => {
      if (spaceId !== space.id) return;
      const next = messagesRef.current.map((m) => (m.id === id ? tombstone(m) : m));
      messagesRef.current = next;
      setMessages(next);
    });
    socket.on('typing', ({ spaceId, user }) => {
      if (spaceId !== space.id || user.id === me.id) return;
      setTypers((all) => ({ ...all, [user.id]: { name: user.displayName || user.username, until: Date.now() + TYPING_SHOW_MS } }));
    });
    socket.on('user:blocked', ({ userId }) => hideBlocked(userId));
    socket.on('space:removed', ({ spaceId }) => {
      if (spaceId === space.id) {
        setStatus('unavailable');
        socket.disconnect();
      }
    });

    // A lost network does not always close a WebSocket at once; the browser knows sooner.
    const onOffline = () => {
      setStatus('reconnecting');
      socket.disconnect();
    };
    const onOnline = () => {
      if (!socket.connected) socket.connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    if (navigator.onLine === false) setStatus('reconnecting');
    else socket.connect();

    return () => {
      disposed = true;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
      if (announceTimer.current) clearTimeout(announceTimer.current);
    };
    // The connection belongs to this space; it is made once per space.
  }, [space.id, live]);

  // ---- typing: forget people after a few seconds ----------------------------------------------
  useEffect(() => {
    const names = Object.values(typers);
    if (names.length === 0) return;
    const soonest = Math.min(...names.map((n) => n.until));
    const timer = setTimeout(() => {
      const now = Date.now();
      setTypers((all) => Object.fromEntries(Object.entries(all).filter(([, v]) => v.until > now)));
    }, Math.max(50, soonest - Date.now()));
    return () => clearTimeout(timer);
  }, [typers]);

  // ---- earlier messages -----------------------------------------------------------------------
  const loadEarlier = async () => {
    const oldest = messagesRef.current[0];
    if (!oldest) return;
    setLoadingEarlier(true);
    const page = await readMessagePage(space, oldest.id);
    setLoadingEarlier(false);
    setUnreachable(isUnreachable(page));
    if (!page || isUnreachable(page)) return;
    receive(page.messages, true, { quiet: true });
    setHasEarlier(page.hasEarlier);
  };

  // ---- blocking, from this page (see hideBlocked) ----------------------------------------------

  useEffect(() => {
    const data = blockFetcher.data;
    if (blockFetcher.state !== 'idle' || !data) return;
    setUnreachable(isUnreachable(data));
    const id = isUnreachable(data) ? undefined : (data as { blocked?: string }).blocked;
    if (id) hideBlocked(id);
  }, [blockFetcher.state, blockFetcher.data]);

  // ---- the typing choice: shown at once, put back when it could not be saved -----------------
  useEffect(() => {
    const data = typingFetcher.data;
    if (typingFetcher.state !== 'idle' || !data) return;
    setUnreachable(isUnreachable(data));
    if (isUnreachable(data)) setShowTyping(typingSaved.current);
    else typingSaved.current = typingAsked.current;
  }, [typingFetcher.state, typingFetcher.data]);

  // What the API will leave out from now on, left out at once: the messages of people blocked on
  // this page, and their words quoted in other people's replies.
  const visible = useMemo(
    () =>
      blocked.size
        ? messages
            .filter((m) => !m.author || !blocked.has(m.author.id))
            .map((m) => (m.replyTo?.author && blocked.has(m.replyTo.author.id) ? withoutQuote(m) : m))
        : messages,
    [messages, blocked],
  );
  const highestSeq = visible.length ? visible[visible.length - 1].seq : 0;

  // ---- mark read, a little after the newest message was on a visible page ------------------------
  const lastMarked = useRef(space.lastReadSeq);
  const markSent = useRef({ before: space.lastReadSeq, seq: space.lastReadSeq });
  useEffect(() => {
    // Not marked after all: mark again when the network is back (the 'online' listener below).
    if (readFetcher.state === 'idle' && isUnreachable(readFetcher.data) && lastMarked.current === markSent.current.seq) {
      lastMarked.current = markSent.current.before;
    }
  }, [readFetcher.state, readFetcher.data]);
  useEffect(() => {
    if (!hydrated || !live) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      const seq = messagesRef.current.length ? messagesRef.current[messagesRef.current.length - 1].seq : 0;
      if (seq <= lastMarked.current) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (seq <= lastMarked.current) return;
        // Known to be offline: mark when the network is back.
        if (navigator.onLine === false) return;
        markSent.current = { before: lastMarked.current, seq };
        lastMarked.current = seq;
        readFetcher.submit({ intent: 'read', seq: String(seq) }, { method: 'post', action: path });
      }, MARK_READ_DELAY_MS);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    window.addEventListener('online', mark);
    return () => {
      document.removeEventListener('visibilitychange', mark);
      window.removeEventListener('online', mark);
      if (timer) clearTimeout(timer);
    };
    // readFetcher.submit is stable enough for this; adding it would re-run on every state change.
  }, [highestSeq, hydrated, live, path]);

  // ---- the first unread message, as it was when the page opened ---------------------------------
  const firstUnreadId = useMemo(
    () => initialMessages.find((m) => m.seq > space.lastReadSeq && m.author?.id !== me.id && !m.deletedAt)?.id ?? null,
    [initialMessages, space.lastReadSeq, me.id],
  );

  /** Says a text even when it is what the live region already holds (a second press of the same button). */
  const announceAgain = (text: string) => {
    setAnnouncement('');
    window.setTimeout(() => setAnnouncement(text), 100);
  };

  // ---- sending --------------------------------------------------------------------------------
  const send = useCallback(
    async (item: PendingMessage) => {
      const socket = socketRef.current;
      if (!socket?.connected) {
        // No connection now: it waits, and goes when the connection is back.
        setPending((list) => [...list.filter((p) => p.clientId !== item.clientId), { ...item, status: 'queued', error: undefined, refused: undefined, retryAt: undefined }]);
        return;
      }
      setPending((list) => [...list.filter((p) => p.clientId !== item.clientId), { ...item, status: 'sending', error: undefined, refused: undefined, retryAt: undefined }]);
      try {
        const payload = { spaceId: space.id, clientId: item.clientId, body: item.body, replyToId: item.replyToId };
        let answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', payload)) as Ack<{ message: Message }>;
        // The server is busy: it asks us to come back shortly. The same clientId makes a resend safe.
        const resends = { tries: 0, heldMs: 0 };
        while (!answer.ok && answer.error === 'BUSY') {
          const wait = busyResendWaitMs(answer, resends);
          if (wait === null) break;
          await new Promise((resolve) => setTimeout(resolve, wait));
          answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', payload)) as Ack<{ message: Message }>;
        }
        if (answer.ok) {
          receive([answer.message], true, { quiet: true });
          setPending((list) => list.filter((p) => p.clientId !== item.clientId));
          return;
        }
        const error =
          answer.error === 'RATE_LIMITED' && answer.retryAfter
            ? t('composer.rateLimited', { seconds: formatNumber(answer.retryAfter, locale) })
            : answer.message || t('composer.notSent');
        // A refusal is a decision made before anything was stored. An INTERNAL error may come after
        // the message was stored, and BUSY only says "not now": neither is offered to edit or drop.
        const refused = answer.error !== 'INTERNAL' && answer.error !== 'BUSY';
        // Slow mode and the send limit say how long: "Try again" waits until then. (A mute says so too,
        // but a moderator may lift it at any time, and it can last days: its button stays as it was.)
        // A monotonic clock, so setting the device's clock back does not stretch the wait.
        const waits = answer.error === 'SLOW_MODE' || answer.error === 'RATE_LIMITED';
        const retryAt = waits && answer.retryAfter ? performance.now() + answer.retryAfter * 1000 : undefined;
        setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, status: 'failed', error, refused, retryAt } : p)));
      } catch {
        // The connection went while sending: queue it again (the same clientId), unless it is up and simply did not answer.
        const lost = !socket.connected || !navigator.onLine;
        setPending((list) =>
          list.map((p) => (p.clientId === item.clientId ? (lost ? { ...p, status: 'queued', error: undefined } : { ...p, status: 'failed', error: t('composer.notSentOffline') }) : p)),
        );
      }
    },
    [receive, space.id, t, locale],
  );
  sendRef.current = send;

  useEffect(() => {
    if (queueLoaded.current) saveQueue(space.id, pending);
  }, [pending, space.id]);

  const saveDraft = (value: string) => {
    try {
      if (value) window.sessionStorage.setItem(draftKey, value);
      else window.sessionStorage.removeItem(draftKey);
    } catch {
      // See above: storage may be blocked.
    }
  };

  const submitDraft = () => {
    const body = draft.trim();
    if (!body || draft.length > MESSAGE_MAX) return;
    const item: PendingMessage = {
      clientId: newClientId(),
      body,
      replyToId: replyTo?.id ?? null,
      replyTo: replyTo ? quoteOf(replyTo) : null,
      status: 'sending',
      createdAt: new Date().toISOString(),
    };
    setDraft('');
    saveDraft('');
    setReplyTo(null);
    void send(item);
    textareaRef.current?.focus();
  };

  /** A refused message not to be sent after all: it leaves the queue. */
  const discardRefused = (item: PendingMessage) => {
    setPending((list) => list.filter((p) => p.clientId !== item.clientId));
    textareaRef.current?.focus();
  };

  /** A message the server refused goes back into the composer (with its reply target, if still shown), to be changed and sent anew. */
  const editRefused = (item: PendingMessage) => {
    const joined = draft.trim() ? `${item.body}\n\n${draft}` : item.body;
    setDraft(joined);
    saveDraft(joined);
    // Its reply target comes back if it is still shown; otherwise the composer keeps its own.
    const target = item.replyToId ? messagesRef.current.find((m) => m.id === item.replyToId) : undefined;
    if (target && !(target.author && blocked.has(target.author.id))) setReplyTo(target);
    discardRefused(item);
  };

  const onComposerSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!live) return; // reading history without a connection: the form posts as usual
    event.preventDefault();
    submitDraft();
  };

  const onComposerKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && live) {
      event.preventDefault();
      submitDraft();
    }
  };

  const onDraftChange = (value: string) => {
    setDraft(value);
    saveDraft(value);
    const socket = socketRef.current;
    if (showTypingRef.current && socket?.connected && value && Date.now() - lastTypingSent.current > TYPING_SEND_EVERY_MS) {
      lastTypingSent.current = Date.now();
      socket.emit('typing', { spaceId: space.id }, () => undefined);
    }
  };

  // ---- edit, delete, react ------------------------------------------------------------------------
  const runAck = useCallback(
    async (work: (socket: ChatSocket) => Promise<Ack<object>>) => {
      const socket = socketRef.current;
      if (!socket?.connected) {
        setActionError(t('actions.offline'));
        return null;
      }
      try {
        const answer = await work(socket);
        if (!answer.ok) {
          setActionError(answer.message || t('actions.failed'));
          return null;
        }
        setActionError(null);
        return answer;
      } catch {
        setActionError(t('actions.failed'));
        return null;
      }
    },
    [t],
  );

  const onEdit = useCallback(
    async (message: Message, body: string) => {
      const answer = (await runAck((s) => s.timeout(ACK_TIMEOUT_MS).emitWithAck('message:edit', { messageId: message.id, body }))) as
        | { ok: true; message: Message }
        | null;
      if (answer) {
        receive([answer.message], true, { quiet: true });
        setEditingId(null);
      }
      return Boolean(answer);
    },
    [receive, runAck],
  );

  const onDelete = useCallback(
    async (message: Message) => {
      const answer = await runAck((s) => s.timeout(ACK_TIMEOUT_MS).emitWithAck('message:delete', { messageId: message.id }));
      if (answer) {
        const next = messagesRef.current.map((m) => (m.id === message.id ? { ...m, body: '', deletedAt: new Date().toISOString(), reactions: [] } : m));
        messagesRef.current = next;
        setMessages(next);
      }
    },
    [runAck],
  );

  const onReact = useCallback(
    async (message: Message, kind: MessageReaction) => {
      const answer = (await runAck((s) => s.timeout(ACK_TIMEOUT_MS).emitWithAck('message:react', { messageId: message.id, kind }))) as
        | { ok: true; message: Message }
        | null;
      if (answer) receive([answer.message], true, { quiet: true });
    },
    [receive, runAck],
  );

  const onReply = useCallback((message: Message) => {
    setReplyTo(message);
    textareaRef.current?.focus();
  }, []);

  // ---- rendering ------------------------------------------------------------------------------------
  const typingNames = Object.values(typers).map((v) => v.name);
  const typingText =
    typingNames.length === 0
      ? ''
      : typingNames.length === 1
        ? t('typing.one', { name: typingNames[0] })
        : typingNames.length === 2
          ? t('typing.two', { first: typingNames[0], second: typingNames[1] })
          : t('typing.several');
  const oldestId = visible[0]?.id;
  const itemProps = (message: Message): MessageItemProps => ({
    t,
    message,
    me,
    locale,
    interactive: hydrated && live,
    hydrated,
    canPost: !space.archived,
    firstUnread: message.id === firstUnreadId,
    editing: editingId === message.id,
    onStartEdit: setEditingId,
    onEdit,
    onDelete,
    onReact,
    onReply,
    onBlock: blockFetcher.submit,
    path,
  });
  const remaining = MESSAGE_MAX - draft.length;
  const composerError = composer?.error;

  return (
    <section className="chat" aria-labelledby="chat-title" data-testid="chat">
      <h2 id="chat-title" className="visually-hidden">
        {t('title')}
      </h2>
      <div className="chat__bar">
        {live && hydrated ? (
          <p className={`chat__status chat__status--${status}`} role="status" data-testid="chat-status" data-status={status}>
            {status === 'connected'
              ? t('status.connected')
              : status === 'reconnecting'
                ? t('status.reconnecting')
                : status === 'unavailable'
                  ? t('status.unavailable')
                  : t('status.connecting')}
          </p>
        ) : null}
        {firstUnreadId ? (
          <a href="#first-unread" className="chat__jump" data-testid="jump-unread">
            {t('jumpToUnread')}
          </a>
        ) : null}
      </div>

      <div className="chat__log" ref={logRef} tabIndex={0} role="region" aria-label={t('logLabel', { name: space.name })}>
        <div className="chat__log-inner">
          {hasEarlier && oldestId ? (
            <p className="chat__earlier">
              {hydrated && live ? (
                <button type="button" className="button button--secondary button--small" onClick={loadEarlier} disabled={loadingEarlier}>
                  {loadingEarlier ? t('loadingEarlier') : t('loadEarlier')}
                </button>
              ) : (
                <a href={`${path}?${new URLSearchParams({ before: oldestId })}`}>{t('loadEarlier')}</a>
              )}
            </p>
          ) : null}
          {visible.length === 0 && pending.length === 0 ? <p className="chat__empty">{t('empty')}</p> : null}
          {/* On the server, each message as rendered for an earlier page where nothing it shows has
              changed: the same for every reader in this language who did not write it. Messages
              waiting to be sent exist only in a browser, which renders the children. */}
          <Remembered
            part="messages"
            as="ol"
            className="message-list"
            data-testid="message-list"
            pieces={() =>
              visible.map((message) => {
                const props = itemProps(message);
                return { key: messageHtmlKey(props), element: <MessageItem {...props} /> };
              })
            }
          >
            {visible.map((message) => (
              <MessageItem key={message.id} {...itemProps(message)} />
            ))}
            {pending.map((item) => {
              const wait = waitLeft(item);
              return (
                <li key={item.clientId} className={`message message--mine message--${item.status}`} data-testid="pending-message" data-client-id={item.clientId}>
                  <div className="message__meta">
                    <span className="message__author">{authorName(t, me)}</span>
                    <span className="message__state" data-testid="pending-state">
                      {item.status === 'sending' ? t('composer.sending') : item.status === 'queued' ? t('composer.queued') : t('composer.failed')}
                    </span>
                  </div>
                  {item.replyTo ? replyQuote(t, item.replyTo) : null}
                  <p className="message__body" id={`pending-body-${item.clientId}`}>
                    {item.body}
                  </p>
                  {item.status === 'failed' ? (
                    <div className="message__failed">
                      <p role="alert">{item.error}</p>
                      {wait > 0 ? (
                        <p className="message__wait" id={`pending-wait-${item.clientId}`} data-testid="pending-wait">
                          {waitText(wait)}
                        </p>
                      ) : null}
                      {/* Each button names the message it acts on, for a screen reader listing buttons. */}
                      <div className="message__failed-actions">
                        {/* Until the wait is over a resend would be refused again: the button stays focusable
                            (aria-disabled) and keeps its name; the wait beside it is its description, so a
                            screen reader is not told a new name every second. */}
                        <button
                          type="button"
                          className="button button--small"
                          aria-describedby={`${wait > 0 ? `pending-wait-${item.clientId} ` : ''}pending-body-${item.clientId}`}
                          aria-disabled={wait > 0 || undefined}
                          data-testid="pending-retry"
                          onClick={() => {
                            // The clock now, not the render's: a press may come just as the wait ends.
                            const left = waitLeft(item);
                            if (left <= 0) void send(item);
                            else announceAgain(waitText(left));
                          }}
                        >
                          {t('composer.retry')}
                        </button>
                        {item.refused ? (
                          <>
                            <button type="button" className="button button--secondary button--small" aria-describedby={`pending-body-${item.clientId}`} onClick={() => editRefused(item)}>
                              {t('composer.editRefused')}
                            </button>
                            <button type="button" className="button button--secondary button--small" aria-describedby={`pending-body-${item.clientId}`} onClick={() => discardRefused(item)}>
                              {t('composer.discard')}
                            </button>
                          </>
                        ) : null}
                      </div>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </Remembered>
        </div>
      </div>

      <div aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="chat-announcer">
        {announcement}
      </div>
      {unreachable ? (
        <p className="field__error" role="alert" data-testid="chat-request-failed">
          {t('actions.offline')}
        </p>
      ) : null}
      {actionError ? (
        <p className="field__error" role="alert">
          {actionError}
        </p>
      ) : null}
      <p className="chat__typing" data-testid="typing">
        {typingText}
      </p>

      {space.archived ? (
        <p className="notice">{space.closedNotice ?? t('archived')}</p>
      ) : (
        <Form method="post" action={path} className="composer" onSubmit={onComposerSubmit} noValidate>
          <input type="hidden" name="intent" value="send" />
          {replyTo ? (
            <div className="composer__reply">
              <input type="hidden" name="replyToId" value={replyTo.id} />
              {replyQuote(t, quoteOf(replyTo))}
              <button type="button" className="link-button" onClick={() => setReplyTo(null)}>
                {t('composer.cancelReply')}
              </button>
            </div>
          ) : null}
          <div className={composerError ? 'field field--invalid' : 'field'}>
            <label htmlFor="composer-body">{t('composer.label')}</label>
            <p className="field__hint" id="composer-hint">
              {hydrated && live ? t('composer.hintKeys') : t('composer.hint')}
            </p>
            {composerError ? (
              <p className="field__error" id="composer-error">
                {composerError}
              </p>
            ) : null}
            <textarea
              id="composer-body"
              name="body"
              ref={textareaRef}
              rows={3}
              value={draft}
              onChange={(event) => onDraftChange(event.target.value)}
              onKeyDown={onComposerKeyDown}
              aria-invalid={composerError || remaining < 0 ? true : undefined}
              aria-describedby={['composer-hint', composerError ? 'composer-error' : '', remaining <= 500 ? 'composer-count' : ''].filter(Boolean).join(' ')}
            />
            {remaining <= MESSAGE_MAX - COUNT_FROM ? (
              <p className={remaining < 0 ? 'composer__count composer__count--over' : 'composer__count'} id="composer-count">
                {remaining >= 0
                  ? t('composer.charactersLeft', countValues(remaining, locale))
                  : t('composer.charactersOver', countValues(-remaining, locale))}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button" disabled={hydrated && (remaining < 0 || !draft.trim())}>
            {t('composer.send')}
          </button>
        </Form>
      )}

      {live ? (
        <typingFetcher.Form method="post" action={path} className="typing-preference">
          <input type="hidden" name="intent" value="typing" />
          <input type="hidden" name="showTyping" value="false" />
          <div className="field field--checkbox">
            <input
              type="checkbox"
              id="show-typing"
              name="showTyping"
              value="true"
              checked={showTyping}
              onChange={(event) => {
                const value = event.target.checked;
                setShowTyping(value);
                typingAsked.current = value;
                typingFetcher.submit({ intent: 'typing', showTyping: String(value) }, { method: 'post', action: path });
              }}
            />
            <label htmlFor="show-typing">{t('typing.preference')}</label>
          </div>
          {hydrated ? null : (
            <button type="submit" className="button button--secondary button--small">
              {t('typing.save')}
            </button>
          )}
        </typingFetcher.Form>
      ) : null}
    </section>
  );
}
