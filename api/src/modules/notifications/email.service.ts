import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_CATEGORIES, type NotificationCategory, type NotificationEmail } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { randomSecret, secretFromDataDir, sha256 } from '../../core/auth/secrets.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import { logger } from '../../core/logging/logger.js';
import { EMAIL_CHANNEL, smtpFailure, type EmailChannel } from './email.channel.js';
import { notificationEmail, verificationEmail } from './email-text.js';
import { EmailRepository } from './email.repository.js';
import type { LeasedDelivery } from './notifications.repository.js';

/** A confirmation link works this long. */
const TOKEN_HOURS = 24;
/** Confirmation e-mails: one per this many seconds, and this many a day, per person. */
const RESEND_SECONDS = Number(process.env.EMAIL_VERIFY_INTERVAL_SECONDS ?? 60);
const SENDS_PER_DAY = 5;

/**
 * The optional e-mail channel's address book, one address per person: added in settings,
 * confirmed by a link, removed at any time, never shown to anyone but its owner. Every route
 * answers 404 where no SMTP_URL is set, as if e-mail did not exist.
 */
@Injectable()
export class EmailService {
  private secretBytes: Buffer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EMAIL_CHANNEL) private readonly channel: EmailChannel,
    private readonly repo: EmailRepository,
  ) {}

  get enabled(): boolean {
    return this.config.email !== null;
  }

  private requireEnabled(): void {
    if (!this.config.email) throw new AppError('NOT_FOUND');
  }

  private get email(): NonNullable<AppConfig['email']> {
    if (!this.config.email) throw new AppError('NOT_FOUND');
    return this.config.email;
  }

  async status(user: AuthUser): Promise<NotificationEmail> {
    this.requireEnabled();
    const row = await this.repo.get(user.id);
    return {
      address: row?.address ?? null,
      verified: Boolean(row?.verified_at),
      failing: Boolean(row?.failing_at),
      verificationSentAt: row?.verified_at ? null : (row?.verification_sent_at?.toISOString() ?? null),
    };
  }

  /**
   * Sets the address (unconfirmed) and sends its confirmation link; the same address again sends
   * the link again. Throttled per person; a mail server that fails answers `verificationSent: false`
   * (the address is kept, to try again later), never an error page.
   */
  async setAddress(user: AuthUser, address: string): Promise<NotificationEmail & { verificationSent: boolean }> {
    const { publicUrl } = this.email;
    const current = await this.repo.get(user.id);
    if (current?.verified_at && !current.failing_at && current.address.toLowerCase() === address.toLowerCase()) {
      return { ...(await this.status(user)), verificationSent: false };
    }
    const sentAgo = current?.verification_sent_at ? (Date.now() - current.verification_sent_at.getTime()) / 1000 : Infinity;
    if (sentAgo < RESEND_SECONDS) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: Math.ceil(RESEND_SECONDS - sentAgo) });
    if (current && sentAgo < 86_400 && current.verification_sends >= SENDS_PER_DAY) {
      throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: Math.ceil(86_400 - sentAgo) });
    }
    const token = randomSecret();
    await this.repo.put(user.id, address, sha256(token), new Date(Date.now() + TOKEN_HOURS * 3_600_000), randomSecret(16));
    let verificationSent = true;
    try {
      await this.channel.send({
        to: address,
        ...verificationEmail(user.locale, { confirm: `${publicUrl}/notifications/email/verify?token=${token}`, settings: `${publicUrl}/notifications/settings` }),
      });
    } catch (err) {
      verificationSent = false;
      logger.warn({ err: smtpFailure(err) }, 'confirmation e-mail failed');
    }
    return { ...(await this.status(user)), verificationSent };
  }

  /** The link's token confirms its address; signed in or not (it may be opened on another device). */
  async verify(token: string): Promise<void> {
    this.requireEnabled();
    if (!(await this.repo.verify(sha256(token)))) throw new AppError('TOKEN_NOT_FOUND');
  }

  async remove(user: AuthUser): Promise<void> {
    this.requireEnabled();
    await this.repo.remove(user.id);
  }

  /**
   * One-click unsubscribe (RFC 8058): the link names the person and category and carries an HMAC
   * over both and the address's link nonce, so it needs no sign-in, is stored nowhere, and stops
   * working once the address is removed or changed.
   */
  async unsubscribe(userId: string, category: string, token: string): Promise<void> {
    this.requireEnabled();
    const row = await this.repo.get(userId);
    if (!row || !(NOTIFICATION_CATEGORIES as readonly string[]).includes(category)) throw new AppError('TOKEN_NOT_FOUND');
    const expected = Buffer.from(this.unsubscribeToken(userId, category, row.link_nonce));
    const given = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('TOKEN_NOT_FOUND');
    await this.repo.switchOff(userId, category);
  }

  /** Puts a leased delivery into an e-mail and sends it; throws what the mail server answered. */
  async sendNotification(d: LeasedDelivery, count: number, path: string): Promise<void> {
    const { publicUrl } = this.email;
    if (!d.email_address || !d.email_nonce || !d.category) throw new Error('no address to send to');
    const query = new URLSearchParams({ u: d.user_id, c: d.category, t: this.unsubscribeToken(d.user_id, d.category as NotificationCategory, d.email_nonce) });
    const message = notificationEmail(d, count, {
      open: `${publicUrl}${path}`,
      settings: `${publicUrl}/notifications/settings`,
      unsubscribe: `${publicUrl}/notifications/email/unsubscribe?${query}`,
    });
    await this.channel.send({
      to: d.email_address,
      ...message,
      headers: {
        'List-Unsubscribe': `<${publicUrl}/api/notifications/email/unsubscribe?${query}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        // Not a bulk mailing, but automatic: vacation responders stay quiet.
        'Auto-Submitted': 'auto-generated',
      },
    });
    await this.repo.delivered(d.user_id);
  }

  private unsubscribeToken(userId: string, category: string, nonce: string): string {
    this.secretBytes ??= Buffer.from(this.email.linkSecret ?? secretFromDataDir(this.config.dataDir, 'email-link.secret'), 'utf8');
    return createHmac('sha256', this.secretBytes).update(`unsubscribe:${userId}:${category}:${nonce}`).digest('base64url');
  }
}
