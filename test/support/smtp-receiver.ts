import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sleep } from './sockets.js';

const USER = 'sorstars';
const PASSWORD = 'smtp-test-password';

/**
 * A real SMTP server on loopback playing the mail provider: it asks for credentials, parses each
 * message with mailparser, and can refuse a recipient for good (550) or for now (451).
 */
export class SmtpReceiver {
  readonly mails: ParsedMail[] = [];
  /** Recipients answered 550 (no such mailbox). */
  readonly rejecting = new Set<string>();
  /** Recipients answered 451 (try again later). */
  readonly deferring = new Set<string>();
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, cb) => (auth.username === USER && auth.password === PASSWORD ? cb(null, { user: USER }) : cb(new Error('Invalid credentials'))),
      onRcptTo: (address, _session, cb) => {
        const to = address.address.toLowerCase();
        const refuse = (code: number, text: string) => cb(Object.assign(new Error(text), { responseCode: code }));
        if (this.rejecting.has(to)) return refuse(550, 'No such mailbox');
        if (this.deferring.has(to)) return refuse(451, 'Try again later');
        cb();
      },
      onData: (stream, _session, cb) => {
        simpleParser(stream)
          .then((mail) => {
            this.mails.push(mail);
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** What an API is given as SMTP_URL. */
  get url(): string {
    return `smtp://${USER}:${PASSWORD}@127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The mails to an address so far, once there are `count`, or what there is after `ms`. */
  async to(address: string, count = 1, ms = 8000): Promise<ParsedMail[]> {
    const mine = () => this.mails.filter((m) => addressesOf(m).includes(address.toLowerCase()));
    const end = Date.now() + ms;
    while (Date.now() < end && mine().length < count) await sleep(100);
    return mine();
  }
}

export function addressesOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((t) => t.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** A header as one string (mailparser keeps some as structured values). */
export function headerOf(mail: ParsedMail, name: string): string {
  const raw = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return raw.slice(raw.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim();
}

/** The confirmation link's token from a confirmation e-mail. */
export function verificationToken(mail: ParsedMail): string {
  const token = /\/notifications\/email\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
  if (!token) throw new Error(`no confirmation link in: ${mail.text}`);
  return token;
}
