import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Conversation, ConversationOrigin, ConversationState, MessageAllowFrom, MessageSettings } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { logger } from '../../core/logging/logger.js';
import { USER_BLOCKED, type UserBlocked } from '../accounts/accounts.service.js';
import { MESSAGE_SENT, type MessageSent } from '../chat/chat.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { ANSWERABLE, firstState, mayStart, outreachRole, type Answer, type Relation } from './conversations.policy.js';
import { ConversationsRepository, type ConversationRow, type ConversationView } from './conversations.repository.js';
import { pgErrorCode } from '../../core/database/pg-error.js';


export interface OpenOptions {
  /** `direct`: someone wrote to someone (their setting counts, strangers land in requests); `match`: both already said yes. */
  origin: Exclude<ConversationOrigin, 'outreach'>;
}

const LIVE: readonly ConversationState[] = ['request', 'open', 'ignored'];
const isUniqueViolation = (err: unknown) => pgErrorCode(err) === '23505';

function toConversation(v: ConversationView, viewerId: string): Conversation {
  return {
    id: v.id,
    spaceId: v.space_id,
    origin: v.origin,
    state: v.state,
    startedByMe: v.initiator_id === viewerId,
    other: v.other_id ? { id: v.other_id, username: v.other_username!, displayName: v.other_display_name } : null,
    readOnly: v.archived,
    outreach: v.outreach_as ? { as: v.outreach_as, context: v.outreach_context } : null,
    // A request waiting for the viewer shows no count: nothing about it is "read" or "unread".
    unreadCount: v.state === 'request' && v.recipient_id === viewerId ? 0 : v.unread,
    lastSeq: Number(v.last_seq),
    lastReadSeq: Number(v.last_read_seq),
    updatedAt: v.updated_at.toISOString(),
    matchId: v.match_id,
  };
}

/**
 * One-to-one conversations on top of the chat: each is a `direct` space with its two people as
 * members, so sending, catch-up, edits, reports, moderation, export and deletion are the chat's
 * own. This service decides who may start one, answers requests, ends them on a block, and lets
 * the mentoring module open one for a match (`open`) and close it for writing (`setReadOnly`).
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly spaces: SpacesService,
    private readonly notifications: NotificationsService,
  ) {}

  /** `POST /api/conversations`: the caller writes to someone. */
  async openFor(caller: AuthUser, userId: string): Promise<Conversation> {
    const row = await this.open(caller.id, userId, { origin: 'direct' });
    return this.get(caller.id, row.id);
  }

  /**
   * Opens, or returns, the conversation between `initiatorId` and `recipientId`. Refused between
   * blocked people, with oneself, and (for `direct`) when the recipient's setting says no — unless
   * a live conversation already exists. A `match` opens at once and turns a pending request into
   * an open conversation. Two concurrent opens of one pair answer the same conversation.
   */
  async open(initiatorId: string, recipientId: string, opts: OpenOptions): Promise<ConversationRow> {
    if (initiatorId === recipientId) throw new AppError('CANNOT_MESSAGE_SELF', [{ path: 'userId', message: 'validation.invalidValue' }]);
    if (!(await this.repo.userExists(recipientId))) throw new AppError('USER_NOT_FOUND');
    if (await this.repo.blockedEitherWay(initiatorId, recipientId)) throw new AppError('USER_BLOCKED');
    const existing = await this.repo.findPair(initiatorId, recipientId);
    if (existing && LIVE.includes(existing.state)) {
      if (opts.origin === 'match' && existing.state !== 'open') return this.reopen(existing, initiatorId, recipientId, 'open', 'match');
      return existing;
    }
    const relation = await this.relation(initiatorId, recipientId);
    if (opts.origin === 'direct' && !mayStart(await this.repo.allowFrom(recipientId), relation)) throw new AppError('MESSAGES_NOT_ACCEPTED');
    const state = opts.origin === 'match' ? 'open' : firstState(relation);
    // An ended conversation (a block since lifted) starts again in its old space.
    if (existing) return this.reopen(existing, initiatorId, recipientId, state, opts.origin);
    try {
      const id = await this.repo.transaction(async (m) => {
        const spaceId = await this.spaces.createDirect(m, initiatorId, [initiatorId, recipientId]);
        return this.repo.insert(m, { spaceId, initiatorId, recipientId, origin: opts.origin, state });
      });
      return (await this.repo.byId(id))!;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await this.repo.findPair(initiatorId, recipientId))!;
    }
  }

  /** Closes a conversation for writing (an ended match) or opens it again; reading stays. */
  async setReadOnly(conversationId: string, readOnly: boolean): Promise<void> {
    const row = await this.repo.byId(conversationId);
    if (!row) throw new AppError('CONVERSATION_NOT_FOUND');
    await this.spaces.setArchived(row.space_id, readOnly);
  }

  /** The conversation as one of its people sees it; anyone else gets the generic 404. */
  async get(viewerId: string, id: string): Promise<Conversation> {
    const view = await this.repo.view(viewerId, id);
    if (!view) throw new AppError('CONVERSATION_NOT_FOUND');
    return toConversation(view, viewerId);
  }

  async list(caller: AuthUser, box: 'inbox' | 'requests'): Promise<{ items: Conversation[] }> {
    return { items: (await this.repo.list(caller.id, box)).map((v) => toConversation(v, caller.id)) };
  }

  /**
   * The recipient's answer. Accept: both write. Ignore: set aside, the sender is not told.
   * Decline (an outreach): it closes for both, and that report brings no other.
   */
  async answer(caller: AuthUser, id: string, answer: Answer): Promise<Conversation | null> {
    const row = await this.repo.byId(id);
    if (!row || !(await this.repo.view(caller.id, id))) throw new AppError('CONVERSATION_NOT_FOUND');
    if (row.recipient_id !== caller.id || (answer === 'decline' && row.origin !== 'outreach')) throw new AppError('ACTION_NOT_ALLOWED');
    const to: ConversationState = answer === 'accept' ? 'open' : answer === 'ignore' ? 'ignored' : 'declined';
    const members = [row.initiator_id, row.recipient_id].filter((u): u is string => !!u);
    const changed = await this.repo.transaction(async (m) => {
      if (!(await this.repo.setState(m, id, ANSWERABLE[answer], to))) return false;
      if (to === 'declined') await this.spaces.removeDirectMembers(m, row.space_id, members);
      return true;
    });
    if (!changed) throw new AppError('ACTION_NOT_ALLOWED');
    if (to !== 'declined') return this.get(caller.id, id);
    for (const userId of members) await this.spaces.afterLeaving(row.space_id, userId);
    return null;
  }

  /**
   * "Reach out with care" from a review item: a safeguarding lead, a keeper of the space it is in
   * or staff of the organisation it concerns writes to the person it is about. It arrives as a
   * request saying who reaches out and as what; the person may accept or decline. Once declined,
   * the same report opens no other. Anyone who may not act on the item gets the generic 404.
   */
  async reachOut(caller: AuthUser, itemId: string): Promise<Conversation> {
    const item = await this.repo.outreachSubject(itemId, caller.id);
    const as = item && outreachRole(caller.roles, { keeper: item.keeper, orgStaff: item.org_staff });
    if (!item || !as) throw new AppError('ITEM_NOT_FOUND');
    const personId = item.subject_user_id;
    if (!personId || personId === caller.id) throw new AppError('ACTION_NOT_ALLOWED');
    if (await this.repo.blockedEitherWay(caller.id, personId)) throw new AppError('USER_BLOCKED');
    const previous = await this.repo.findOutreach(item.id, personId);
    if (previous?.state === 'declined') throw new AppError('OUTREACH_DECLINED');
    if (previous && LIVE.includes(previous.state)) return this.get(caller.id, previous.id);
    // Ended by a block: that report opens no other either.
    if (previous) throw new AppError('OUTREACH_DECLINED');
    const context = as === 'keeper' ? item.space_name : as === 'org_staff' ? item.organization_name : null;
    let id: string;
    try {
      id = await this.repo.transaction(async (m) => {
        const spaceId = await this.spaces.createDirect(m, caller.id, [caller.id, personId]);
        return this.repo.insert(m, { spaceId, initiatorId: caller.id, recipientId: personId, origin: 'outreach', state: 'request', reviewItemId: item.id, outreachAs: as, outreachContext: context });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return this.reachOut(caller, itemId);
    }
    await this.notifications.notify(personId, 'conversation.outreach', { conversationId: id, as }, `conversation-outreach:${id}`);
    return this.get(caller.id, id);
  }

  async settings(caller: AuthUser): Promise<MessageSettings> {
    return { allowFrom: await this.repo.allowFrom(caller.id) };
  }

  async setSettings(caller: AuthUser, allowFrom: MessageAllowFrom): Promise<MessageSettings> {
    await this.repo.setAllowFrom(caller.id, allowFrom);
    return { allowFrom };
  }

  /**
   * A block ends every conversation between the two, both ways at once: neither stays a member,
   * so REST, search and exports of the space refuse them, and their live sockets leave the room.
   */
  @OnEvent(USER_BLOCKED, { promisify: true })
  async onBlocked(e: UserBlocked): Promise<void> {
    const ended = await this.repo.transaction(async (m) => {
      const rows = await this.repo.between(e.blockerId, e.blockedId, m);
      for (const row of rows) {
        await this.repo.setState(m, row.id, LIVE, 'ended');
        await this.spaces.removeDirectMembers(m, row.space_id, [e.blockerId, e.blockedId]);
      }
      return rows;
    });
    for (const row of ended) {
      for (const userId of [e.blockerId, e.blockedId]) await this.spaces.afterLeaving(row.space_id, userId);
    }
  }

  /**
   * The other person hears that there is something, never what: a message (once until they read),
   * a request (once, without even who), nothing for an ignored request or a held message.
   */
  @OnEvent(MESSAGE_SENT)
  async onMessage(e: MessageSent): Promise<void> {
    // The message is stored and sent already: a failed notification must not fail the send.
    await this.notifyMessage(e).catch((err: unknown) => logger.error({ err }, 'direct message notification failed'));
  }

  private async notifyMessage(e: MessageSent): Promise<void> {
    if (e.held || !e.direct) return;
    const row = await this.repo.bySpace(e.spaceId);
    if (!row) return;
    const otherId = row.initiator_id === e.authorId ? row.recipient_id : row.initiator_id;
    if (!otherId) return;
    const about = { spaceId: row.space_id };
    if (row.state === 'open') {
      const seen = await this.repo.lastReadSeq(row.space_id, otherId);
      await this.notifications.notify(otherId, 'conversation.message', { conversationId: row.id }, `conversation:${row.id}:${seen ?? 0}`, undefined, about);
    } else if (row.state === 'request' && row.initiator_id === e.authorId && row.origin !== 'outreach') {
      await this.notifications.notify(otherId, 'conversation.request', { conversationId: row.id }, `conversation-request:${row.id}`, undefined, about);
    }
  }

  private async relation(initiatorId: string, recipientId: string): Promise<Relation> {
    const [shareSpace, matched, initiatorAgeDays] = await Promise.all([
      this.repo.shareSpace(initiatorId, recipientId),
      this.repo.matched(initiatorId, recipientId),
      this.repo.accountAgeDays(initiatorId),
    ]);
    return { shareSpace, matched, initiatorAgeDays };
  }

  private async reopen(row: ConversationRow, initiatorId: string, recipientId: string, state: ConversationState, origin: ConversationOrigin): Promise<ConversationRow> {
    await this.repo.transaction(async (m) => {
      // After an end, whoever writes now begins it; a match only says why it is open.
      const patch = row.state === 'ended' ? { initiatorId, recipientId, origin } : { origin };
      await this.repo.setState(m, row.id, [row.state], state, patch);
      await this.spaces.addDirectMembers(m, row.space_id, [initiatorId, recipientId]);
    });
    return (await this.repo.byId(row.id))!;
  }
}
