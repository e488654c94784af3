import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { GenericPlans } from '../../core/database/generic-plans.js';
import { logger } from '../../core/logging/logger.js';
import { MESSAGE_DELETED, MESSAGE_EDITED, MESSAGE_POSTED, type MessageChanged, type MessagePosted } from '../chat/chat.events.js';
import { CONTENT_MODERATED, type ContentModerated } from '../moderation/moderation.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { MESSAGE_RECIPIENTS } from './notification-queries.sql.js';

interface Recipient {
  user_id: string;
  mentioned: boolean;
  replied: boolean;
  level: 'all' | 'mentions' | 'none';
  space_id: string;
  space_name: string;
  space_slug: string;
  author_id: string | null;
  author_name: string | null;
}

/**
 * Chat news, following chat's events: mentions and replies for everyone whose level for the space
 * is not "nothing", every message for those who chose "all". (A conversation of two tells of its
 * messages itself.) Only people who may read the message now; a held message waits until it is let through.
 * An edit that adds a mention notifies the newly mentioned (the dedupe key keeps the others from
 * hearing twice); a deleted or moderated message ends what is still pending about it.
 */
@Injectable()
export class ChatNotificationsListener {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly repo: NotificationsRepository,
    private readonly generic: GenericPlans,
  ) {}

  @OnEvent(MESSAGE_POSTED, { async: true, promisify: true })
  async onPosted(e: MessagePosted): Promise<void> {
    if (e.nobodyToTell) return;
    await this.guard(() => this.fanOut(e.messageId, false));
  }

  @OnEvent(MESSAGE_EDITED, { async: true, promisify: true })
  async onEdited(e: MessageChanged): Promise<void> {
    await this.guard(() => this.fanOut(e.messageId, true));
  }

  @OnEvent(MESSAGE_DELETED, { async: true, promisify: true })
  async onDeleted(e: MessageChanged): Promise<void> {
    await this.guard(() => this.repo.cancelAbout('message', e.messageId, 'deleted'));
  }

  @OnEvent(CONTENT_MODERATED, { async: true, promisify: true })
  async onModerated(e: ContentModerated): Promise<void> {
    if (e.targetType !== 'message') return;
    await this.guard(() => (e.released ? this.fanOut(e.targetId, false) : this.repo.cancelAbout('message', e.targetId, 'moderated')));
  }

  private async guard(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      logger.error({ err }, 'chat notification fan-out failed');
    }
  }

  async fanOut(messageId: string, edit: boolean): Promise<void> {
    // One statement: the message with everyone who may read it now and is to hear of it. (A
    // conversation tells of its messages itself: ConversationsService, once until read, never the words.)
    const recipients = await this.generic.query<Recipient>(MESSAGE_RECIPIENTS, [messageId, edit]);
    const msg = recipients[0];
    if (!msg) return;
    const mentioned = recipients.filter((r) => r.mentioned).map((r) => r.user_id);
    const replied = recipients.filter((r) => r.replied && !r.mentioned).map((r) => r.user_id);
    const rest = recipients.filter((r) => r.level === 'all' && !r.mentioned && !r.replied).map((r) => r.user_id);
    // authorId lets account deletion take the name out of these again (privacy.repository.ts).
    const data = { messageId, spaceId: msg.space_id, spaceSlug: msg.space_slug, spaceName: msg.space_name, authorId: msg.author_id, authorName: msg.author_name };
    const subject = { spaceId: msg.space_id, subjectType: 'message' as const, subjectId: messageId };
    const base = { data, subject, direct: false, batchKey: `space:${msg.space_id}` };
    // One dedupe key per message and person: an edit re-runs this and reaches only the newly mentioned.
    await this.notifications.fanOut(mentioned, { ...base, kind: 'chat.mention', dedupeKey: `message:${messageId}` });
    await this.notifications.fanOut(replied, { ...base, kind: 'chat.reply', dedupeKey: `message:${messageId}` });
    await this.notifications.fanOut(rest, { ...base, kind: 'chat.message', dedupeKey: `message:${messageId}` });
  }
}
