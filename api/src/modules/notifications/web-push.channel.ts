import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import webpush, { WebPushError } from 'web-push';
import { logger } from '../../core/logging/logger.js';
import type { PushChannel, PushMessage } from './push.channel.js';
import type { VapidKeyStore } from './vapid.js';

export const VAPID_KEYS = Symbol('VAPID_KEYS');

/** How long a push service keeps trying a device that is off: news goes stale at different speeds. */
const TTL_SECONDS: Record<string, number> = {
  direct_messages: 24 * 3600,
  mentoring: 24 * 3600,
  safeguarding: 4 * 3600,
  mentions: 12 * 3600,
  replies: 12 * 3600,
  events: 6 * 3600,
  waitlist: 6 * 3600,
  moderation: 24 * 3600,
  reports: 12 * 3600,
};
/** What a push service must accept is 4 KB of ciphertext; we stay well under. */
export const MAX_PAYLOAD_BYTES = 3072;

/**
 * Web Push (aes128gcm, VAPID) to every device the person subscribed. A device the push service
 * no longer knows (404, 410) is forgotten at once.
 */
@Injectable()
export class WebPushChannel implements PushChannel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeyStore,
  ) {}

  async send(message: PushMessage): Promise<number> {
    const subs: { id: string; endpoint: string; p256dh: string; auth: string }[] = await this.db.query(
      `SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at LIMIT 20`,
      [message.userId],
    );
    if (!subs.length) return 0;
    const payload = JSON.stringify({ title: message.title, body: message.body, url: message.url, tag: message.tag });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error('push payload too large');
    let delivered = 0;
    for (const sub of subs) {
      try {
        await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
          TTL: TTL_SECONDS[message.category ?? ''] ?? 12 * 3600,
          vapidDetails: this.vapid.keys(),
          contentEncoding: 'aes128gcm',
          urgency: message.category === 'safeguarding' ? 'high' : 'normal',
          topic: message.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
          timeout: 10_000,
        });
        delivered++;
        await this.db.query(`UPDATE push_subscriptions SET last_used_at = now() WHERE id = $1`, [sub.id]);
      } catch (err) {
        if (err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410)) {
          await this.db.query(`DELETE FROM push_subscriptions WHERE id = $1`, [sub.id]);
        } else {
          logger.warn({ err: err instanceof WebPushError ? { statusCode: err.statusCode } : err }, 'push to a device failed');
        }
      }
    }
    return delivered;
  }
}
