import { createECDH, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { sleep } from './sockets.js';
import type { RegisteredUser } from './users.js';

const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ReturnType<typeof createECDH>; authSecret: Buffer }): Buffer;
};

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * A local HTTPS server playing the push service. Its self-signed certificate is written to
 * `certFile` before any API starts, so an API started with NODE_EXTRA_CA_CERTS=certFile trusts it.
 * Devices subscribe with their own keys, so a test decrypts exactly what a phone would show.
 */
export class PushReceiver {
  readonly received: Received[] = [];
  /** Status the receiver answers per path (201 unless set). */
  readonly answers = new Map<string, number>();
  readonly certFile: string;
  private readonly keyFile: string;
  private server: https.Server | null = null;
  url = '';

  constructor() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-receiver-'));
    [this.keyFile, this.certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', this.keyFile, '-out', this.certFile], { stdio: 'ignore' });
  }

  async start(): Promise<void> {
    this.server = https.createServer({ key: fs.readFileSync(this.keyFile), cert: fs.readFileSync(this.certFile) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(this.answers.get(req.url ?? '') ?? 201).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => (this.server ? this.server.close(r) : r(undefined)));
  }

  /** A device: its own P-256 key pair and auth secret, subscribed through the API. */
  async subscribe(who: RegisteredUser) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const devicePath = `/push/${randomBytes(6).toString('hex')}`;
    await who.agent
      .post('/api/push/subscriptions')
      .send({ endpoint: `${this.url}${devicePath}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } })
      .expect(201);
    return {
      path: devicePath,
      read: (r: Received) => JSON.parse(ece.decrypt(r.body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8')) as { title: string; body: string; url: string; tag: string },
    };
  }

  /** What arrived for a device once there are `count` of them, or what there is after `ms`. */
  async arrivals(devicePath: string, count: number, ms = 8000): Promise<Received[]> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const got = this.received.filter((r) => r.path === devicePath);
      if (got.length >= count) return got;
      await sleep(100);
    }
    return this.received.filter((r) => r.path === devicePath);
  }
}

/** Someone a push should reach: not active lately, and quiet hours set well away from now. */
export async function awayFromApp(api: { sql: (q: string, p?: unknown[]) => Promise<unknown> }, who: RegisteredUser): Promise<void> {
  const h = (new Date().getUTCHours() + 6) % 24;
  const hh = (n: number) => String(n % 24).padStart(2, '0');
  await who.agent.put('/api/notifications/preferences').send({ quietHours: { from: `${hh(h)}:00`, to: `${hh(h + 1)}:00`, timezone: 'UTC' } }).expect(200);
  await api.sql(`INSERT INTO user_activity (user_id, last_active_at) VALUES ($1, now() - interval '1 hour') ON CONFLICT (user_id) DO UPDATE SET last_active_at = excluded.last_active_at`, [who.user.id]);
}

/**
 * How many pushes a conversation may have made for `userId` under "one per window": the first,
 * then one per window its notifications kept coming in — measured with the database's own times
 * (the first push's claim, the last notification's row), so a slow machine widens the bound
 * exactly as much as it delayed the sending, and an extra push is still caught.
 */
export async function pushesAllowed(api: { sql: <T>(q: string, p?: unknown[]) => Promise<T[]> }, userId: string, spaceId: string, windowMs: number): Promise<number> {
  const [row] = await api.sql<{ first_push: Date | null; last_row: Date | null }>(
    `SELECT (SELECT min(d.settled_at) FROM notification_deliveries d WHERE d.user_id = $1 AND d.channel = 'push' AND d.status = 'sent' AND d.batch_key = 'space:' || $2) AS first_push,
            (SELECT max(n.created_at) FROM notifications n WHERE n.user_id = $1 AND n.space_id = $2::uuid) AS last_row`,
    [userId, spaceId],
  );
  if (!row.first_push || !row.last_row) return 1;
  return 1 + Math.max(1, Math.ceil((new Date(row.last_row).getTime() - new Date(row.first_push).getTime()) / windowMs));
}

/** Waits until nothing is left to push for the person (postponed ones included). */
export async function noPendingPushes(api: { sql: <T>(q: string, p?: unknown[]) => Promise<T[]> }, userId: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_deliveries WHERE user_id = $1 AND channel = 'push' AND status = 'pending'`, [userId]);
    if (n === 0) return;
    await sleep(100);
  }
}

/** The number of messages a push stands for ("5 new messages in …" is 5, any other text 1). */
export const countedIn = (body: string) => Number(/^(\d+) /.exec(body)?.[1] ?? 1);
