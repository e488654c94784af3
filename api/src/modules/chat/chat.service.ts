import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Message, MessageReaction, SendMessageInput } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { RealtimeService } from '../../core/realtime/realtime.service.js';
import { CONTENT_MODERATED, ModerationService, type ContentModerated, type SendScreen } from '../moderation/moderation.service.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { ChatRepository } from './chat.repository.js';
import { mentionedUsernameKeys } from './mentions.js';
import { SendLimiter } from './send-limiter.js';

/** Catch-up answers at most this many; the client asks again while `hasMore`. */
const SINCE_LIMIT = 500;
export const SEND_LIMIT = { messages: 10, windowMs: 10_000 };

/** How many later messages a jump to a message (`around`) shows below it. */
const MESSAGES_AFTER_ANCHOR = 10;

@Injectable()
export class ChatService {
  private readonly limiter = new SendLimiter(
    Number(process.env.CHAT_SEND_LIMIT) || SEND_LIMIT.messages,
    SEND_LIMIT.windowMs,
  );

  constructor(
    private readonly repo: ChatRepository,
    private readonly spaces: SpacesService,
    private readonly realtime: RealtimeService,
    private readonly moderation: ModerationService,
  ) {}

  /**
   * Stores and broadcasts one message. The same clientId from the same person in the same space
   * answers the stored message and broadcasts nothing new, so a resend after a lost ack is safe.
   */
  async send(caller: AuthUser, input: SendMessageInput): Promise<Message> {
    const space = await this.spaces.authorize(caller, input.spaceId, 'post');
    // Mutes, slow mode and watched words, before anything is stored.
    let screen: SendScreen;
    try {
      screen = await this.moderation.screenSend(caller, space, input.body, null);
    } catch (err) {
      // A resend after a lost ack (slow mode, or a mute since) answers the message already stored.
      const existing = await this.repo.transaction((m) => this.repo.findByClientId(m, space.id, caller.id, input.clientId));
      if (existing) return (await this.repo.byId(caller.id, existing))!;
      throw err;
    }
    const held = screen.verdict === 'hold';
    const { id, created } = await this.repo.transaction(async (m) => {
      await this.repo.lockSpace(m, space.id);
      const existing = await this.repo.findByClientId(m, space.id, caller.id, input.clientId);
      if (existing) return { id: existing, created: false };
      const wait = this.limiter.take(`${caller.id}:${space.id}`);
      if (wait) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: wait, params: { seconds: wait } });
      if (input.replyToId) {
        const target = await this.repo.meta(input.replyToId, m);
        if (!target || target.space_id !== space.id) throw new AppError('REPLY_NOT_FOUND');
      }
      const messageId = await this.repo.insert(m, {
        spaceId: space.id,
        authorId: caller.id,
        clientId: input.clientId,
        body: input.body,
        replyToId: input.replyToId ?? null,
        held,
      });
      await this.repo.insertMentions(m, messageId, space.id, mentionedUsernameKeys(input.body));
      if (screen.verdict === 'hold') await this.moderation.queueMessage(m, messageId, space.id, caller.id, screen.kind);
      if (screen.verdict === 'flag') await this.moderation.queueMessage(m, messageId, space.id, caller.id, 'watched_word');
      return { id: messageId, created: true };
    });
    const message = (await this.repo.byId(caller.id, id))!;
    // A held message waits for a moderator; it goes out when let through.
    if (created && !message.moderation) await this.broadcast(message, 'message:new');
    return message;
  }

  /** Moderators hid, removed or let through a message: readers see the change at once. */
  @OnEvent(CONTENT_MODERATED)
  async onModerated(event: ContentModerated): Promise<void> {
    if (event.targetType !== 'message') return;
    const message = await this.repo.byId(null, event.targetId);
    if (message) await this.broadcast(message, event.released ? 'message:new' : 'message:updated');
  }

  async edit(caller: AuthUser, messageId: string, body: string): Promise<Message> {
    const meta = await this.ownMessage(caller, messageId);
    await this.repo.transaction(async (m) => {
      await this.repo.recordRevision(m, messageId, meta.body, 'edit');
      await this.repo.setBody(m, messageId, body);
      await this.repo.replaceMentions(m, messageId, meta.space_id, mentionedUsernameKeys(body));
    });
    const message = (await this.repo.byId(caller.id, messageId))!;
    await this.broadcast(message, 'message:updated');
    return message;
  }

  /** The author's delete leaves a tombstone; the text is kept only in the moderators' history. */
  async remove(caller: AuthUser, messageId: string): Promise<{ id: string; spaceId: string }> {
    const meta = await this.ownMessage(caller, messageId);
    await this.repo.transaction(async (m) => {
      await this.repo.recordRevision(m, messageId, meta.body, 'delete');
      await this.repo.markDeleted(m, messageId);
    });
    const payload = { id: messageId, spaceId: meta.space_id };
    this.realtime.toSpace(meta.space_id, 'message:deleted', payload);
    return payload;
  }

  async react(caller: AuthUser, messageId: string, kind: MessageReaction): Promise<Message> {
    const meta = await this.repo.meta(messageId);
    if (!meta) throw new AppError('MESSAGE_NOT_FOUND');
    await this.spaces.authorize(caller, meta.space_id, 'post');
    if (meta.deleted_at) throw new AppError('MESSAGE_DELETED');
    await this.repo.toggleReaction(messageId, caller.id, kind);
    const message = (await this.repo.byId(caller.id, messageId))!;
    // Counts go to everyone; whether "I" reacted is each reader's own and stays in their answer.
    await this.broadcast({ ...message, reactions: message.reactions.map((r) => ({ ...r, mine: false })) }, 'message:updated');
    return message;
  }

  async history(caller: AuthUser, spaceId: string, before: string | undefined, limit: number, around?: string): Promise<{ items: Message[]; nextCursor: string | null }> {
    const space = await this.spaces.authorize(caller, spaceId, 'read');
    let beforeSeq: number | null = null;
    const anchor = before ?? around;
    if (anchor) {
      beforeSeq = await this.repo.seqOf(space.id, anchor);
      if (beforeSeq === null) throw new AppError('MESSAGE_NOT_FOUND');
      // In context: the message itself and the few that followed it, then the ones before.
      if (!before) beforeSeq += 1 + MESSAGES_AFTER_ANCHOR;
    }
    const items = await this.repo.history(caller.id, space.id, beforeSeq, limit + 1);
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
    await this.spaces.authorize(caller, meta.space_id, 'post');
    if (meta.author_id !== caller.id) throw new AppError('NOT_YOUR_MESSAGE');
    if (meta.deleted_at) throw new AppError('MESSAGE_DELETED');
    return meta;
  }

  private async broadcast(message: Message, event: 'message:new' | 'message:updated'): Promise<void> {
    const except = message.author ? await this.repo.blockersOf(message.author.id) : [];
    this.realtime.toSpace(message.spaceId, event, { message }, except);
  }
}
