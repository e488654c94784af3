import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logger } from '../../core/logging/logger.js';
import { RealtimeService } from '../../core/realtime/realtime.service.js';
import { EmailRepository } from './email.repository.js';
import { EmailService } from './email.service.js';
import { isPermanentRejection, smtpFailure } from './email.channel.js';
import { NotificationsRepository, slotKey, type LeasedDelivery, type OutsideChannel } from './notifications.repository.js';
import { PUSH_CHANNEL, type PushChannel } from './push.channel.js';
import { pushText } from './push-text.js';

export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');
export interface DeliveryOptions {
  /** How often the queue is looked at besides the nudge after each new notification; 0 never (tests). */
  intervalMs: number;
  batchSize: number;
  /** One push per conversation per this long; what comes meanwhile is counted into the next one. */
  conversationWindowMs: number;
  /** One e-mail per conversation per this long (longer than push: an inbox is not a lock screen). */
  emailWindowMs: number;
  /** A passing SMTP failure is retried after this, ×4 each time, up to `emailMaxTries` sends. */
  emailRetryMs: number;
  emailMaxTries: number;
  /** This many 5xx refusals in a row mark the address failing; nothing more is sent to it. */
  emailMaxRejections: number;
}

/**
 * Delivers what the queue holds, in any API process: leases due deliveries (so no two processes
 * take the same one, and one killed mid-way leaves its lease to expire for another), checks each
 * one at this moment, and sends it or says why not. In-app: live `notification:new` to the
 * person's sockets with their unread count. Push: not to someone active in the last two minutes,
 * not in quiet hours (postponed to their end), one per conversation per window, batched.
 * E-mail (only where SMTP_URL is set, only to a confirmed address): the same rules and words as
 * push, its own longer window, and retries with back-off for passing failures.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly realtime: RealtimeService,
    @Inject(PUSH_CHANNEL) private readonly push: PushChannel,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
    private readonly email: EmailService,
    private readonly emails: EmailRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs the queue soon; a kick while running makes it look once more at the end. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
    });
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        while ((await this.runOnce()) === this.options.batchSize);
      } while (this.again);
      if (Math.random() < 0.01) await this.repo.prune();
    } catch (err) {
      logger.error({ err }, 'notification delivery failed');
    }
  }

  /** One batch; answers how many deliveries it leased. */
  async runOnce(): Promise<number> {
    const leased = await this.repo.lease(this.options.batchSize);
    const inApp = leased.filter((d) => d.channel === 'in_app');
    await this.deliverInApp(inApp);
    await this.deliverOutside('push', leased.filter((d) => d.channel === 'push'));
    await this.deliverOutside('email', leased.filter((d) => d.channel === 'email'));
    return leased.length;
  }

  private async deliverInApp(deliveries: LeasedDelivery[]): Promise<void> {
    const gone = deliveries.filter((d) => !d.readable).map((d) => d.id);
    const read = deliveries.filter((d) => d.readable && !d.unread).map((d) => d.id);
    const live = deliveries.filter((d) => d.readable && d.unread);
    await this.repo.settle(gone, 'cancelled', 'unreadable');
    await this.repo.settle(read, 'skipped', 'read');
    if (!live.length) return;
    // Settled first: a kill between the two loses a live event (the row is there on the next
    // load), never sends it twice.
    const sent = await this.repo.settleIds(live.map((d) => d.id), 'sent', null);
    const counts = await this.repo.unreadCounts([...new Set(live.map((d) => d.user_id))]);
    for (const d of live) {
      if (!sent.has(String(d.id))) continue;
      this.realtime.toUser(d.user_id, 'notification:new', {
        notification: { id: d.notification_id, kind: d.kind, data: d.data, createdAt: d.created_at.toISOString(), readAt: null },
        unread: counts.get(d.user_id) ?? 0,
      });
    }
  }

  /** Pushes or e-mails of one batch, each conversation's together: the first is sent, carrying the count, the others are batched into it. */
  private async deliverOutside(channel: OutsideChannel, deliveries: LeasedDelivery[]): Promise<void> {
    const groups = new Map<string, LeasedDelivery[]>();
    for (const d of deliveries) {
      if (channel === 'email' && (!this.email.enabled || !d.email_address)) await this.repo.settle([d.id], 'cancelled', 'no_address');
      else if (channel === 'email' && !d.email_on) await this.repo.settle([d.id], 'skipped', 'off');
      else if (!d.readable) await this.repo.settle([d.id], 'cancelled', 'unreadable');
      else if (!d.unread) await this.repo.settle([d.id], 'skipped', 'read');
      else if (d.active) await this.repo.settle([d.id], 'skipped', 'active');
      else if (d.quiet_until) await this.repo.postpone([d.id], d.quiet_until);
      else {
        const key = `${d.user_id}|${d.batch_key ?? d.id}`;
        groups.set(key, [...(groups.get(key) ?? []), d]);
      }
    }
    for (const group of groups.values()) await this.sendGroup(channel, group);
  }

  /**
   * Settled as sent before it goes (a process killed meanwhile loses it, never sends it twice);
   * an e-mail the server could not take just now goes back in the queue.
   */
  private async sendGroup(channel: OutsideChannel, group: LeasedDelivery[]): Promise<void> {
    const [first] = group;
    const windowMs = channel === 'email' ? this.options.emailWindowMs : this.options.conversationWindowMs;
    let count = 1;
    if (first.batch_key) {
      // The slot and every pending delivery of the conversation are taken in one transaction, so
      // two processes holding parts of one conversation make one push (or e-mail), never one each.
      const claim = await this.repo.claimConversation(channel, first.user_id, first.batch_key, first.id, windowMs);
      if (!claim.claimed) return this.repo.postponeToWindowEnd(group.map((d) => d.id), first.user_id, slotKey(channel, first.batch_key), windowMs);
      count = claim.count;
    } else if (!(await this.repo.settle([first.id], 'sent', null))) return;
    if (channel === 'push') {
      try {
        await this.push.send({ userId: first.user_id, category: first.category, ...pushText(first, count), url: linkOf(first), tag: first.batch_key ?? first.notification_id });
      } catch (err) {
        logger.warn({ err }, 'push failed');
      }
      return;
    }
    try {
      await this.email.sendNotification(first, count, linkOf(first));
    } catch (err) {
      logger.warn({ err: smtpFailure(err) }, 'e-mail failed');
      if (isPermanentRejection(err)) await this.emails.rejected(first.user_id, first.id, this.options.emailMaxRejections);
      else await this.emails.retryLater(first.id, first.batch_key && slotKey('email', first.batch_key), first.user_id, this.options.emailRetryMs, this.options.emailMaxTries);
    }
  }
}

function linkOf(d: LeasedDelivery): string {
  if (d.subject_type === 'message' && typeof d.data.spaceSlug === 'string') return `/spaces/${encodeURIComponent(d.data.spaceSlug)}?message=${d.subject_id}`;
  if (typeof d.data.eventId === 'string') return `/events/${d.data.eventId}`;
  if (typeof d.data.conversationId === 'string') return `/messages/${d.data.conversationId}`;
  if (typeof d.data.matchId === 'string') return `/mentoring/matches/${d.data.matchId}`;
  if (d.kind === 'safeguarding.report') return '/moderation?kind=safeguarding';
  if (d.kind === 'review.report') return `/moderation?${new URLSearchParams({ kind: 'report', ...(typeof d.data.spaceId === 'string' ? { spaceId: d.data.spaceId } : {}) })}`;
  return '/notifications';
}
