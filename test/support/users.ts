import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { User } from '@sorstars/shared';
import { uniqueIp } from './http.js';

let counter = 0;

/** A username no other test in the run uses (≤ 32 characters). */
export function uniqueUsername(prefix = 'u'): string {
  counter += 1;
  return `${prefix}_${counter}_${randomBytes(4).toString('hex')}`;
}

/** A password long and random enough never to be on the common-passwords list. */
export const strongPassword = () => `horse-battery-${randomBytes(6).toString('hex')}`;

export interface RegisteredUser {
  user: User;
  /** `sid=...`, ready for a Cookie header. */
  cookie: string;
  recoveryCodes: string[];
  password: string;
  /** A supertest agent that carries the session cookie. */
  agent: ReturnType<typeof request.agent>;
}

/** The `sid=<value>` pair from a response's Set-Cookie, or null. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | null {
  const raw = res.headers['set-cookie'];
  const cookies = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const sid = cookies.find((c) => c.startsWith('sid=') && !c.startsWith('sid=;'));
  return sid ? sid.split(';')[0] : null;
}

/** Registers a new person through the API and returns their session. */
export async function registerUser(
  url: string,
  overrides: { username?: string; password?: string; displayName?: string; locale?: string } = {},
): Promise<RegisteredUser> {
  const body = { username: uniqueUsername(), password: strongPassword(), ...overrides };
  const agent = request.agent(url);
  // An address of its own, so registrations in a test never meet the per-address throttle.
  const res = await agent.post('/api/auth/register').set('X-Forwarded-For', uniqueIp()).send(body);
  if (res.status !== 201) throw new Error(`register ${body.username} answered ${res.status}: ${res.text}`);
  const cookie = sessionCookie(res);
  if (!cookie) throw new Error('register set no sid cookie');
  return { user: res.body.user, cookie, recoveryCodes: res.body.recoveryCodes, password: body.password, agent };
}
