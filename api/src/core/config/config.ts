import path from 'node:path';

/**
 * Everything the API reads from its environment, read once. Real services are switched on by
 * variables only; with none set, the API runs on an embedded Postgres with in-process realtime.
 */
export interface AppConfig {
  apiPort: number;
  apiHost: string;
  /** A real Postgres when set; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  meiliUrl: string | null;
  meiliKey: string | null;
  /** Seed demo content into an empty database. Defaults to on for the embedded database on loopback only. */
  seedDemo: boolean;
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies: boolean;
  /** One extra origin allowed by CORS; off by default because the web proxies the API. */
  corsOrigin: string | null;
  logLevel: string;
  /** Live Socket.IO connections one person may hold on one API process. */
  socketsPerPerson: number;
  /** How often each process re-checks its sockets' sessions and tokens (a missed disconnect must not leak). */
  socketRecheckSeconds: number;
  /**
   * Chat sends one API process works on at once; more wait a moment (`chatSendWaitMs`) or are
   * refused with BUSY and a retry hint. Past what the database finishes in time, sends only wait
   * for each other; but plain sends that wait together are stored together (insert-batcher.ts), so
   * a few more at once than the pool's 10 connections make each cheaper (docs/benchmarks.md, 7
   * December 2026).
   */
  chatSendsInFlight: number;
  /** How long a send may wait for one of those places before it is refused (0: refused at once; at most 1,000). */
  chatSendWaitMs: number;
  /** Login attempts allowed per window, per username and per IP. */
  loginLimit: { perUsername: number; perIp: number; windowSeconds: number };
  /** New accounts allowed per client address per window. */
  registerLimit: { perIp: number; windowSeconds: number };
  /** Event registrations (a public form, no account) allowed per client address per window. */
  registrationLimit: { perIp: number; windowSeconds: number };
  /** Signs device cookies; unset, a secret is generated once into `dataDir`. */
  deviceCookieSecret: string | null;
  /** Requests to the public HSDS API allowed per window, per address. */
  hsdsLimit: { perIp: number; windowSeconds: number };
  /**
   * The optional e-mail channel: off (nothing about e-mail shown or stored) unless SMTP_URL is set,
   * as smtp:// or smtps:// with its credentials. SMTP_FROM is the sender; PUBLIC_URL the site's
   * address that links in e-mails point to (https for one-click unsubscribe); EMAIL_LINK_SECRET signs
   * unsubscribe links (generated once into `dataDir` when unset).
   */
  email: { smtpUrl: string; from: string; publicUrl: string; linkSecret: string | null } | null;
  /** Timers such as the purge of deleted content; the CLI turns them off so a short run never races them. */
  backgroundJobs: boolean;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Digits only (0 included); anything else, the fallback. */
function wholeNumber(value: string | undefined, fallback: number): number {
  const digits = value?.trim() ?? '';
  return /^\d{1,9}$/.test(digits) ? Number(digits) : fallback;
}

/** A weak signing secret would let anyone forge cookies: refuse to start rather than use it. */
function secret(value: string | undefined, name: string): string | null {
  if (!value) return null;
  if (value.length < 32) throw new Error(`${name} must be at least 32 characters`);
  return value;
}

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL || null;
  // Loopback unless told otherwise: on a shared network a reachable server with demo accounts (their
  // password is in README) would let anyone sign in as an admin. docker-compose sets HOST=0.0.0.0.
  const apiHost = env.API_HOST || env.HOST || '127.0.0.1';
  return {
    apiPort: int(env.API_PORT, 3001),
    apiHost,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    redisUrl: env.REDIS_URL || null,
    meiliUrl: env.MEILI_URL || null,
    meiliKey: env.MEILI_KEY || null,
    // Demo accounts are seeded beyond loopback only when someone asks for them by name.
    seedDemo: flag(env.SEED_DEMO, databaseUrl === null && isLoopbackHost(apiHost) && isLoopbackHost(env.HOST || '127.0.0.1')),
    secureCookies: flag(env.SECURE_COOKIES, false),
    corsOrigin: env.CORS_ORIGIN || null,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    socketsPerPerson: int(env.SOCKETS_PER_PERSON, 20),
    socketRecheckSeconds: int(env.SOCKET_RECHECK_SECONDS, 60),
    chatSendsInFlight: int(env.CHAT_SENDS_IN_FLIGHT, 16),
    // A wait longer than a second would only hold sends the client soon gives up on (10 s ack time-out).
    chatSendWaitMs: Math.min(wholeNumber(env.CHAT_SEND_WAIT_MS, 50), 1000),
    loginLimit: {
      perUsername: int(env.LOGIN_LIMIT_PER_USERNAME, 5),
      perIp: int(env.LOGIN_LIMIT_PER_IP, 20),
      windowSeconds: int(env.LOGIN_LIMIT_WINDOW_SECONDS, 15 * 60),
    },
    registerLimit: {
      perIp: int(env.REGISTER_LIMIT_PER_IP, 10),
      windowSeconds: int(env.REGISTER_LIMIT_WINDOW_SECONDS, 60 * 60),
    },
    deviceCookieSecret: secret(env.DEVICE_COOKIE_SECRET, 'DEVICE_COOKIE_SECRET'),
    registrationLimit: {
      perIp: int(env.REGISTRATION_LIMIT_PER_IP, 30),
      windowSeconds: int(env.REGISTRATION_LIMIT_WINDOW_SECONDS, 60 * 60),
    },
    hsdsLimit: {
      perIp: int(env.HSDS_RATE_LIMIT_PER_IP, 600),
      windowSeconds: int(env.HSDS_RATE_LIMIT_WINDOW_SECONDS, 60),
    },
    email: emailConfig(env),
    backgroundJobs: true,
  };
}

function emailConfig(env: NodeJS.ProcessEnv): AppConfig['email'] {
  if (!env.SMTP_URL) return null;
  const url = new URL(env.SMTP_URL);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const publicUrl = (env.PUBLIC_URL || 'http://localhost:3000').replace(/\/+$/, '');
  if (!URL.canParse(publicUrl)) throw new Error('PUBLIC_URL must be a URL');
  return { smtpUrl: env.SMTP_URL, from: env.SMTP_FROM || `Sorstárs <no-reply@${new URL(publicUrl).hostname}>`, publicUrl, linkSecret: secret(env.EMAIL_LINK_SECRET, 'EMAIL_LINK_SECRET') };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
