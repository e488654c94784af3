import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Request } from 'express';
import type { AppConfig } from '../config/config.js';
import type { AuthUser } from './auth-user.js';
import type { AuthRepository } from './auth.repository.js';
import { companionRowOf, type SessionCompanion } from './session-companion.js';
import { SessionService } from './session.service.js';

const SID = 'a'.repeat(43);
const person: AuthUser = { id: 'u1', username: 'kata', displayName: null, locale: 'hu', roles: ['member'], via: 'session', credentialId: 'h', createdAt: '2026-12-06T00:00:00.000Z' };
const extras = { unread: 2, id: null };

/** Just enough of AuthRepository: which lookup ran, and what each gives. */
class FakeRepo {
  calls: string[] = [];
  failWith: Error | null = null;
  userBySession = async () => (this.calls.push('alone'), person);
  userBySessionWith = async (_hash: string, companion: SessionCompanion) => {
    this.calls.push(`with ${companion.sql('signed_in.id')}`);
    if (this.failWith) throw this.failWith;
    return { user: person, along: extras };
  };
}

const companion: SessionCompanion = { wanted: (req) => req.method === 'GET', sql: (id) => `SELECT ${id}` };
const request = (method: string) => ({ method, headers: {} }) as Request;

function service() {
  const repo = new FakeRepo();
  const sessions = new SessionService(repo as unknown as AuthRepository, {} as AppConfig, new EventEmitter2());
  sessions.readAlongWithSession(companion);
  return { repo, sessions };
}

it('reads the companion in the session lookup when the request wants it, and keeps its row on the request', async () => {
  const { repo, sessions } = service();
  const req = request('GET');
  expect(await sessions.userFromCookie(SID, req)).toBe(person);
  expect(repo.calls).toEqual(['with SELECT signed_in.id']);
  expect(companionRowOf(req)).toBe(extras);
});

it('looks the session up alone when the request does not want it, or there is no request (a socket)', async () => {
  const { repo, sessions } = service();
  const post = request('POST');
  expect(await sessions.userFromCookie(SID, post)).toBe(person);
  expect(await sessions.userFromCookie(SID)).toBe(person);
  expect(repo.calls).toEqual(['alone', 'alone']);
  expect(companionRowOf(post)).toBeUndefined();
});

it('when the statement with the companion fails, looks the session up alone: a broken extra signs nobody out', async () => {
  const { repo, sessions } = service();
  repo.failWith = new Error('relation "notifications" does not exist');
  const req = request('GET');
  expect(await sessions.userFromCookie(SID, req)).toBe(person);
  expect(repo.calls).toEqual(['with SELECT signed_in.id', 'alone']);
  expect(companionRowOf(req)).toBeUndefined();
});

it('takes no cookie that cannot be a session id, and one companion only', async () => {
  const { repo, sessions } = service();
  expect(await sessions.userFromCookie('short', request('GET'))).toBeNull();
  expect(repo.calls).toEqual([]);
  expect(() => sessions.readAlongWithSession({ ...companion })).toThrow(/already registered/);
});
