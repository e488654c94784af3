import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface EmailAddressRow {
  address: string;
  verified_at: Date | null;
  failing_at: Date | null;
  verification_sent_at: Date | null;
  verification_sends: number;
  link_nonce: string;
}

/** The one address a person added for the e-mail channel, and what became of the e-mails sent to it. */
@Injectable()
export class EmailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(userId: string): Promise<EmailAddressRow | null> {
    const [row]: EmailAddressRow[] = await this.db.query(
      `SELECT address, verified_at, failing_at, verification_sent_at, verification_sends, link_nonce FROM notification_emails WHERE user_id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /**
   * A new address (or the same one again): unconfirmed until its link is opened, with a fresh
   * token and link nonce, and the failure count cleared. The send budget (per day) carries over,
   * so changing the address does not buy more confirmation e-mails.
   */
  async put(userId: string, address: string, tokenHash: string, expiresAt: Date, linkNonce: string): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_emails (user_id, address, token_hash, token_expires_at, link_nonce, verification_sent_at, verification_sends)
       VALUES ($1, $2, $3, $4, $5, now(), 1)
       ON CONFLICT (user_id) DO UPDATE SET address = excluded.address, verified_at = NULL, token_hash = excluded.token_hash,
         token_expires_at = excluded.token_expires_at, link_nonce = excluded.link_nonce, rejections = 0, failing_at = NULL,
         verification_sent_at = now(),
         verification_sends = CASE WHEN notification_emails.verification_sent_at > now() - interval '1 day' THEN notification_emails.verification_sends + 1 ELSE 1 END,
         updated_at = now()`,
      [userId, address, tokenHash, expiresAt, linkNonce],
    );
  }

  /** Confirms the address whose token this is, if it has not expired; answers whose it was. */
  async verify(tokenHash: string): Promise<string | null> {
    const rows: { user_id: string }[] = await this.db.query(
      `WITH v AS (UPDATE notification_emails SET verified_at = now(), token_hash = NULL, token_expires_at = NULL, updated_at = now()
                   WHERE token_hash = $1 AND token_expires_at > now() RETURNING user_id)
       SELECT user_id FROM v`,
      [tokenHash],
    );
    return rows[0]?.user_id ?? null;
  }

  async remove(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM notification_emails WHERE user_id = $1`, [userId]);
    await this.db.query(
      `UPDATE notification_deliveries SET status = 'cancelled', reason = 'no_address', settled_at = now(), leased_until = NULL
        WHERE user_id = $1 AND channel = 'email' AND status = 'pending'`,
      [userId],
    );
  }

  /** Turns e-mail off for one category (the unsubscribe link), leaving every other choice as it was. */
  async switchOff(userId: string, category: string): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preferences (user_id, channels) VALUES ($1, jsonb_build_object($2::text, jsonb_build_object('email', false)))
       ON CONFLICT (user_id) DO UPDATE SET
         channels = jsonb_set(notification_preferences.channels, ARRAY[$2::text],
                              coalesce(notification_preferences.channels -> $2::text, '{}'::jsonb) || '{"email": false}'::jsonb),
         updated_at = now()`,
      [userId, category],
    );
  }

  async delivered(userId: string): Promise<void> {
    await this.db.query(`UPDATE notification_emails SET rejections = 0, last_sent_at = now() WHERE user_id = $1`, [userId]);
  }

  /**
   * The server refused the address (5xx): this e-mail ends, and after `maxRejections` in a row the
   * address is marked failing, so nothing more is sent to it until the person adds it again.
   */
  async rejected(userId: string, deliveryId: string, maxRejections: number): Promise<void> {
    await this.db.query(
      `UPDATE notification_emails SET rejections = rejections + 1,
              failing_at = CASE WHEN rejections + 1 >= $2 THEN now() ELSE failing_at END, updated_at = now()
        WHERE user_id = $1`,
      [userId, maxRejections],
    );
    await this.db.query(`UPDATE notification_deliveries SET status = 'cancelled', reason = 'rejected', settled_at = now() WHERE id = $1`, [deliveryId]);
  }

  /**
   * A passing failure (a timeout, a 4xx): back in the queue after an exponential wait, its
   * conversation's slot given back so the retry is not held for a whole window; given up after `maxTries`.
   */
  async retryLater(deliveryId: string, slotKey: string | null, userId: string, baseMs: number, maxTries: number): Promise<void> {
    await this.db.query(
      `UPDATE notification_deliveries SET failures = failures + 1, leased_until = NULL,
              status = CASE WHEN failures + 1 >= $3 THEN 'cancelled' ELSE 'pending' END,
              reason = CASE WHEN failures + 1 >= $3 THEN 'gave_up' ELSE NULL END,
              settled_at = CASE WHEN failures + 1 >= $3 THEN now() END,
              available_at = now() + make_interval(secs => $2::double precision * power(4, failures) / 1000)
        WHERE id = $1`,
      [deliveryId, baseMs, maxTries],
    );
    if (slotKey) await this.db.query(`DELETE FROM push_conversation_sends WHERE user_id = $1 AND batch_key = $2`, [userId, slotKey]);
  }
}
