import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { withoutQuote, type Message, type MessagePage, type MessageReaction, type SendMessageInput } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { pgErrorCode } from '../../core/database/pg-error.js';
import { RealtimeService } from '../../core/realtime/realtime.service.js';
import { CONTENT_MODERATED, ModerationService, type ContentModerated, type SendScreen } from '../moderation/moderation.service.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { USER_BLOCKED, type UserBlocked } from '../accounts/accounts.service.js';
import type { EntityManager } from 'typeorm';
import { ChatRepository, SEND_LINE, type MessageMeta, type MessageViews, type NewMessage } from './chat.repository.js';
import { MESSAGE_DELETED, MESSAGE_EDITED, MESSAGE_POSTED, type MessagePosted } from './chat.events.js';
import { mentionedUsernameKeys } from './mentions.js';
import { SendLimiter } from './send-limiter.js';
import { InsertBatcher, type AfterFailure } from './insert-batcher.js';

/** Emitted after a new message is stored and broadcast (direct conversations notify from it). */
export const MESSAGE_SENT = 'message.sent';
export interface MessageSent {
  messageId: string;
  spaceId: string;
  authorId: string;
  held: boolean;
  /** A one-to-one conversation's space: only those tell the other person themselves. */
  direct: boolean;
}

/** Catch-up answers at most this many; the client asks again while `hasMore`. */
const SINCE_LIMIT = 500;
export const SEND_LIMIT = { messages: 10, windowMs: 10_000 };

/**
 * How many waiting plain sends one statement of the send line takes (insert-batcher.ts). The line
 * has two statements out at once, on connections of its own (`SEND_LINE`): a quiet server stores
 * each send alone, a busy one's sends share statements.
 */
const PLAIN_INSERT_BATCH = 50;

/**
 * After a plain send gave up waiting for its space's lock (`SEND_LINE`), that space's sends are
 * refused with BUSY at once, and clients resend them (the same clientId): for a second, then
 * two, four and eight while the lock is found still held (insert-batcher.ts). A long transaction
 * holding a busy space's row (an account's erasure) then costs the line a wait of `lockWaitMs` now
 * and then, not one for every statement with a send to that space.
 */
const LOCKED_SPACE_REFUSED_MS = { first: 1_000, longest: 8_000 };

/**
 * What a failed statement of the send line does next. A lock it gave up on (55P03): its messages
 * are tried one by one, and one that gives up alone holds its space (`LOCKED_SPACE_REFUSED_MS`;
 * the lock may also have been its author's row or the message it answers: its space is held all
 * the same, for a moment). A failure that one of its messages could cause — a constraint (its
 * reply target or author deleted meanwhile; Postgres's class 23) or a deadlock — its messages are
 * tried one by one.
 */
function afterFailedInsert(err: unknown): AfterFailure {
  const code = pgErrorCode(err);
  if (code === '55P03') return 'hold-key';
  return code && (code.startsWith('23') || code === '40P01') ? 'retry-alone' : 'fail';
}

/** How many later messages a jump to a message (`around`) shows below it. */
const MESSAGES_AFTER_ANCHOR = 10;

@Injectable()
export class ChatService {
  private readonly limiter = new SendLimiter(
    Number(process.env.CHAT_SEND_LIMIT) || SEND_LIMIT.messages,
    SEND_LIMIT.windowMs,
  );
  private readonly sendLine = new InsertBatcher<NewMessage, MessageViews | null>({
    writeOne: (message) => this.repo.insertInLine(message),
    writeMany: (messages) => this.repo.insertManyInLine(messages),
    afterFailure: afterFailedInsert,
    keyOf: (message) => message.spaceId,
    holdMs: LOCKED_SPACE_REFUSED_MS.first,
    maxHoldMs: LOCKED_SPACE_REFUSED_MS.longest,
    refusal: (retryAfterMs) => new AppError('BUSY', [], { retryAfterMs: retryAfterMs + Math.floor(Math.random() * 250), spaceHeld: true }),
    probeWaitMs: SEND_LINE.lockWaitMs,
    maxInFlight: SEND_LINE.statements,
    maxBatch: PLAIN_INSERT_BATCH,
  });

  constructor(
    private readonly repo: ChatRepository,
    private readonly spaces: SpacesService,
    private readonly realtime: RealtimeService,
    private readonly moderation: ModerationService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Stores and broadcasts one message. The same clientId from the same person in the same space
   * answers the stored message and broadcasts nothing new, so a resend after a lost ack is safe.
   * `recheckCredential`: a socket's send, whose session or token is checked again with the space access.
   */
  async send(caller: AuthUser, input: SendMessageInput, opts: { recheckCredential?: boolean } = {}): Promise<Message> {
    const space = await this.spaces.authorizeSend(caller, input.spaceId, opts);
    const limitKey = `${caller.id}:${space.id}`;
    let screen: SendScreen;
    try {
      // Mutes, slow mode, watched words and approval, the send limit and the reply's target, before anything is stored.
      screen = await this.moderation.screenChange(caller, space, { kind: 'send', body: input.body }, space.screening);
      const wait = this.limiter.take(limitKey);
      if (wait) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: wait, params: { seconds: wait } });
      if (input.replyToId) {
        const target = await this.repo.meta(input.replyToId);
        // A held message is not there for anyone but its author: nobody else can answer it.
        const invisible = target?.moderation_state === 'pending' && target.author_id !== caller.id;
        if (!target || target.space_id !== space.id || invisible) throw new AppError('REPLY_NOT_FOUND');
      }
    } catch (err) {
      // A resend after a lost ack answers the message already stored, whatever was decided since
      // (slow mode, a mute, the send limit). Looked up only when a send is refused: a look-up first
      // would cost every send a round trip for the rare resend; one that passes finds its message
      // at the insert (the unique index on clientId), below.
      const stored = err instanceof AppError ? await this.storedSend(caller, space.id, input.clientId) : null;
      if (stored) return stored;
      throw err;
    }
    const mentions = mentionedUsernameKeys(input.body);
    const message: NewMessage = {
      spaceId: space.id,
      authorId: caller.id,
      clientId: input.clientId,
      body: input.body,
      replyToId: input.replyToId ?? null,
      held: screen.verdict === 'hold',
    };
    let stored: { id: string; views: MessageViews | null } | null;
    try {
      if (screen.verdict !== 'allow') {
        // A review item is written with its message (and its mentions), in one transaction on the
        // main pool, bounded as the line is: refused while its space is held, holding the space
        // when it gives up on the space's lock, rather than holding a connection while it waits.
        stored = await this.sendLine.writeApart(message, () =>
          this.repo.transactionWaitingBriefly(async (m) => {
            const id = await this.repo.insert(m, message);
            if (!id) return null;
            await this.repo.insertMentions(m, id, space.id, mentions);
            await this.queue(m, id, space.id, caller.id, screen);
            return { id, views: null };
          }),
        );
      } else {
        // The hottest path: stored with its mentions, and read back for its broadcast, in one statement
        // that waits only a moment for a lock (SEND_LINE); a plain message shares that statement with
        // the other plain sends waiting beside it.
        const views = mentions.length ? await this.sendLine.writeApart(message, () => this.repo.insertMentioningWithViews(message, mentions)) : await this.sendLine.write(message);
        stored = views && { id: views.public.id, views };
      }
    } catch (err) {
      // Refused (BUSY while its space's lock is held elsewhere), or Postgres failed the statement or
      // transaction, so nothing of it was stored: the send does not count against the send limit.
      // Not so for other failures (a connection lost after the commit): the message may be stored.
      if (err instanceof AppError || pgErrorCode(err)) this.limiter.giveBack(limitKey);
      // A resend after a lost ack, to a space held meanwhile: its message is there to answer (a
      // plain read waits on no row lock), rather than BUSY until the hold ends.
      const stored = err instanceof AppError && err.code === 'BUSY' ? await this.storedSend(caller, space.id, input.clientId) : null;
      if (stored) return stored;
      throw err;
    }
    if (!stored) {
      // A resend, or the same send racing this one, stored it first (the unique index decided). It is
      // not a new message: nothing is broadcast, and it does not count against the send limit.
      this.limiter.giveBack(limitKey);
      return (await this.storedSend(caller, space.id, input.clientId))!;
    }
    // The author's own copy goes to their other tabs: answer with it too, one read fewer.
    const published = { wasPublic: false, authorEvent: 'message:new' } as const;
    const own = stored.views ? this.broadcast(stored.views, 'message:new', published) : await this.publish(stored.id, 'message:new', published);
    this.events.emit(MESSAGE_SENT, { messageId: stored.id, spaceId: space.id, authorId: caller.id, held: screen.verdict === 'hold', direct: space.kind === 'direct' } satisfies MessageSent);
    const nobodyToTell = !mentions.length && !message.replyToId && !space.anyoneHearsAll;
    this.events.emit(MESSAGE_POSTED, { messageId: stored.id, nobodyToTell } satisfies MessagePosted);
    return own ?? (await this.repo.byId(caller.id, stored.id))!;
  }

  /** The message a send with this clientId stored earlier, as its author sees it; null if none. */
  private async storedSend(caller: AuthUser, spaceId: string, clientId: string): Promise<Message | null> {
    const id = await this.repo.findByClientId(this.repo.manager, spaceId, caller.id, clientId);
    return id ? this.repo.byId(caller.id, id) : null;
  }

  /**
   * Someone blocked a person: every page they have open stops showing that person's messages at
   * once, not only the one they blocked from (later messages already skip them).
   */
  @OnEvent(USER_BLOCKED)
  onBlocked({ blockerId, blockedId }: UserBlocked): void {
    this.realtime.toUser(blockerId, 'user:blocked', { userId: blockedId });
  }

  /** Moderators hid, removed or let through a message: readers see the change at once. */
  @OnEvent(CONTENT_MODERATED)
  async onModerated(event: ContentModerated): Promise<void> {
    if (event.targetType !== 'message') return;
    await this.publish(event.targetId, event.released ? 'message:new' : 'message:updated', { wasPublic: !event.released, authorEvent: null });
  }

  /**
   * An edit passes the same screen as a send: a muted author can't post through an old message, a
   * blocked word is refused, an "approve" word holds the message again, and a held message stays
   * held; what moderators took down can't be edited at all.
   */
  async edit(caller: AuthUser, messageId: string, body: string): Promise<Message> {
    const { meta, space } = await this.ownMessage(caller, messageId);
    const screen = await this.moderation.screenChange(caller, space, { kind: 'edit', body, target: this.screenTarget(meta) });
    const wasPublic = meta.moderation_state === 'visible';
    await this.repo.transaction(async (m) => {
      await this.repo.recordRevision(m, messageId, meta.body, 'edit');
      await this.repo.setBody(m, messageId, body);
      await this.repo.replaceMentions(m, messageId, meta.space_id, mentionedUsernameKeys(body));
      // Held already: its review item is still open and shows the new words.
      if (meta.moderation_state === 'pending') return;
      if (screen.verdict === 'hold') await this.repo.hold(m, messageId);
      await this.queue(m, messageId, meta.space_id, caller.id, screen);
    });
    await this.publish(messageId, 'message:updated', { wasPublic });
    this.events.emit(MESSAGE_EDITED, { messageId });
    return (await this.repo.byId(caller.id, messageId))!;
  }

  /** The author's delete leaves a tombstone; the text is kept only in the moderators' history. */
  async remove(caller: AuthUser, messageId: string): Promise<{ id: string; spaceId: string }> {
    const { meta, space } = await this.ownMessage(caller, messageId);
    await this.moderation.screenChange(caller, space, { kind: 'delete', target: this.screenTarget(meta) });
    await this.repo.transaction(async (m) => {
      await this.repo.recordRevision(m, messageId, meta.body, 'delete');
      await this.repo.markDeleted(m, messageId);
    });
    const payload = { id: messageId, spaceId: meta.space_id };
    // Nobody but the author knew of a held message.
    if (meta.moderation_state !== 'pending') this.realtime.toSpace(meta.space_id, 'message:deleted', payload);
    else this.realtime.toUser(caller.id, 'message:deleted', payload);
    this.events.emit(MESSAGE_DELETED, { messageId });
    return payload;
  }

  async react(caller: AuthUser, messageId: string, kind: MessageReaction): Promise<Message> {
    const meta = await this.repo.meta(messageId);
    if (!meta) throw new AppError('MESSAGE_NOT_FOUND');
    const space = await this.spaces.authorize(caller, meta.space_id, 'post');
    await this.moderation.screenChange(caller, space, { kind: 'react', target: this.screenTarget(meta) });
    if (meta.deleted_at) throw new AppError('MESSAGE_DELETED');
    await this.repo.toggleReaction(messageId, caller.id, kind);
    await this.publish(messageId, 'message:updated', { wasPublic: meta.moderation_state === 'visible' });
    return (await this.repo.byId(caller.id, messageId))!;
  }

  async history(caller: AuthUser, spaceId: string, before: string | undefined, limit: number, around?: string): Promise<MessagePage> {
    const space = await this.spaces.authorize(caller, spaceId, 'read');
    return this.historyOfReadable(caller, space.id, before, limit, around);
  }

  /**
   * `history` WITHOUT the access check: only for a caller already found to read `spaceId` in this
   * request (the space page's one answer decides it from the row it reads the space with).
   */
  async historyOfReadable(caller: AuthUser, spaceId: string, before: string | undefined, limit: number, around?: string): Promise<MessagePage> {
    let beforeSeq: number | null = null;
    const anchor = before ?? around;
    if (anchor) {
      beforeSeq = await this.repo.seqOf(spaceId, anchor);
      if (beforeSeq === null) throw new AppError('MESSAGE_NOT_FOUND');
      // In context: the message itself and the few that followed it, then the ones before.
      // (at most half the page after it, so the message itself is always on the page).
      if (!before) beforeSeq += 1 + Math.min(MESSAGES_AFTER_ANCHOR, Math.floor((limit - 1) / 2));
    }
    const items = await this.repo.history(caller.id, spaceId, beforeSeq, limit + 1);
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? page[page.length - 1].id : null };
  }

  /** Everything after a message the client saw, oldest first, from Postgres. */
  async since(caller: AuthUser, spaceId: string, afterId: string | null | undefined): Promise<{ messages: Message[]; hasMore: boolean }> {
    const space = await this.spaces.authorize(caller, spaceId, 'read');
    let afterSeq = 0;
    if (afterId) {
      const seq = await this.repo.seqOf(space.id, afterId);
      if (seq === null) throw new AppError('MESSAGE_NOT_FOUND');
      afterSeq = seq;
    }
    const messages = await this.repo.since(caller.id, space.id, afterSeq, SINCE_LIMIT + 1);
    return { messages: messages.slice(0, SINCE_LIMIT), hasMore: messages.length > SINCE_LIMIT };
  }

  /** Checks that the caller may join the space's room, and where its messages end. */
  async joinRoom(caller: AuthUser, spaceId: string): Promise<{ spaceId: string; lastMessageId: string | null; lastSeq: number }> {
    const space = await this.spaces.authorize(caller, spaceId, 'read');
    const last = await this.repo.lastMessage(space.id);
    return { spaceId: space.id, lastMessageId: last?.id ?? null, lastSeq: last?.seq ?? 0 };
  }

  /** Typing is relayed only for people who chose to show it, and never to those who blocked them. */
  async typing(caller: AuthUser, spaceId: string): Promise<void> {
    const space = await this.spaces.authorize(caller, spaceId, 'post');
    if (!space.show_typing) return;
    const except = [caller.id, ...(await this.repo.blockersOf(caller.id))];
    this.realtime.toSpace(space.id, 'typing', { spaceId: space.id, user: { id: caller.id, username: caller.username, displayName: caller.displayName } }, except);
  }

  /** Earlier versions of a message: for its author and the space's moderators and hosts. */
  async revisions(caller: AuthUser, spaceId: string, messageId: string) {
    const meta = await this.repo.meta(messageId);
    if (!meta || meta.space_id !== spaceId) throw new AppError('MESSAGE_NOT_FOUND');
    if (meta.author_id !== caller.id) await this.spaces.authorize(caller, spaceId, 'seeEditHistory');
    else await this.spaces.authorize(caller, spaceId, 'read');
    const rows = await this.repo.revisions(messageId);
    return { items: rows.map((r) => ({ body: r.previous_body, kind: r.kind, replacedAt: r.created_at.toISOString() })) };
  }

  private async ownMessage(caller: AuthUser, messageId: string) {
    const meta = await this.repo.meta(messageId);
    if (!meta) throw new AppError('MESSAGE_NOT_FOUND');
    const space = await this.spaces.authorize(caller, meta.space_id, 'post');
    if (meta.author_id !== caller.id) throw new AppError('NOT_YOUR_MESSAGE');
    if (meta.deleted_at) throw new AppError('MESSAGE_DELETED');
    return { meta, space };
  }

  private screenTarget(meta: MessageMeta) {
    return { authorId: meta.author_id, state: meta.moderation_state };
  }

  /** A held or flagged message goes to the review queue in the writer's transaction. */
  private async queue(m: EntityManager, messageId: string, spaceId: string, authorId: string, screen: SendScreen): Promise<void> {
    if (screen.verdict === 'hold') await this.moderation.queueMessage(m, messageId, spaceId, authorId, screen.kind);
    if (screen.verdict === 'flag') await this.moderation.queueMessage(m, messageId, spaceId, authorId, 'watched_word');
  }

  /**
   * Tells live readers about a message, each only what they may see. Everyone but its author gets
   * the public view — a tombstone without text or reason when it is hidden or removed, nothing
   * while it is held (and a "deleted" if they saw it before it was held again) — except those who
   * blocked the author; those who blocked the author of the message it quotes get it without the
   * quote. After the author's own change, the author's sockets get the author's view
   * (their words, even while held); a moderator's change reaches them as the tombstone too, and the
   * reason comes in their notification. Reaction counts go to everyone; whether "I" reacted stays
   * in each reader's own answer. Every emit happens in one tick, so all receivers see one order.
   */
  private async publish(
    messageId: string,
    event: 'message:new' | 'message:updated',
    opts: { wasPublic: boolean; authorEvent?: 'message:new' | 'message:updated' | null },
  ): Promise<Message | null> {
    const views = await this.repo.publicAndAuthorViews(messageId);
    return views ? this.broadcast(views, event, opts) : null;
  }

  /** Sends a message's views to whoever may read it now; answers the author's own view, if sent to them. */
  private broadcast(
    views: MessageViews,
    event: 'message:new' | 'message:updated',
    opts: { wasPublic: boolean; authorEvent?: 'message:new' | 'message:updated' | null },
  ): Message | null {
    const seen = views.public;
    const authorId = seen.author?.id ?? null;
    const authorEvent = opts.authorEvent === undefined ? 'message:updated' : opts.authorEvent;
    const own = authorId && authorEvent ? views.author : null;
    const pending = seen.moderation?.state === 'pending';
    // People who blocked the author of the message it quotes get it without the quote, on their
    // sockets in this space; people who blocked its own author get nothing anyway.
    const authorBlockers = new Set(views.authorBlockers);
    const quoteBlockers = views.quoteBlockers.filter((id) => !authorBlockers.has(id));
    // The author's copy usually reads exactly like everyone's (a new, visible message has no
    // reactions to call "mine"): then one broadcast reaches the space and all the author's sockets.
    // Each broadcast is encoded, and with Redis published and read back by every process.
    if (own && authorEvent === event && !pending && isDeepStrictEqual(own, seen)) {
      this.realtime.toSpace(seen.spaceId, event, { message: seen }, [...views.authorBlockers, ...quoteBlockers], [authorId!]);
      this.realtime.toReaders(seen.spaceId, quoteBlockers, event, { message: withoutQuote(seen) });
      return own;
    }
    const except = authorId ? [...(own ? [authorId] : []), ...views.authorBlockers] : [];
    if (own && authorEvent) this.realtime.toUser(authorId!, authorEvent, { message: own });
    if (pending) {
      if (opts.wasPublic) this.realtime.toSpace(seen.spaceId, 'message:deleted', { id: seen.id, spaceId: seen.spaceId }, except);
      return own;
    }
    // The author's own copy, sent above, already leaves out a quote of someone they blocked.
    const readers = own ? quoteBlockers.filter((id) => id !== authorId) : quoteBlockers;
    this.realtime.toSpace(seen.spaceId, event, { message: seen }, [...except, ...readers]);
    this.realtime.toReaders(seen.spaceId, readers, event, { message: withoutQuote(seen) });
    return own;
  }
}
