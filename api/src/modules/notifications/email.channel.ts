import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';

/** Where an e-mail goes (SMTP today). Exists only when SMTP_URL is set. */
export const EMAIL_CHANNEL = Symbol('EMAIL_CHANNEL');

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface EmailChannel {
  send(message: EmailMessage): Promise<void>;
}

/** A 5xx answer: the server will not take this address, and asking again will not change that. */
export function isPermanentRejection(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * What may be logged of a failed send: its kind and SMTP code. A server's answer often repeats
 * the recipient's address ("550 <someone@…> unknown"), so the message text never goes to a log.
 */
export const smtpFailure = (err: unknown) => ({ code: (err as { code?: unknown } | null)?.code, responseCode: (err as { responseCode?: unknown } | null)?.responseCode });

/** SMTP through nodemailer, one pooled connection per process; the URL carries host, port, TLS and credentials. */
@Injectable()
export class SmtpEmailChannel implements EmailChannel, OnApplicationShutdown {
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(message: EmailMessage): Promise<void> {
    const email = this.config.email;
    if (!email) throw new Error('e-mail is not configured');
    // Loaded on first use (see core/lazy-module.ts): most servers send no e-mail.
    const nodemailer = (await import('nodemailer')).default;
    this.transport ??= nodemailer.createTransport({ url: email.smtpUrl, pool: true, maxConnections: 2, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    await this.transport.sendMail({ from: email.from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
