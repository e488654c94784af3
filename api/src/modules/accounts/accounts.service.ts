import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  DEFAULT_LOCALE,
  PLATFORM_ROLES,
  type Locale,
  RECOVERY_CODE_COUNT,
  usernameKey,
  type ChangePasswordInput,
  type CreateTokenInput,
  type LoginInput,
  type PasswordChanged,
  type RecoverResult,
  type PlatformRole,
  type RecoverInput,
  type RegisterInput,
  type RegisterResult,
  type TokenSummary,
  type UpdateMeInput,
  type User,
} from '@sorstars/shared';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { DeviceCookies } from '../../core/auth/device-cookie.js';
import { SessionService } from '../../core/auth/session.service.js';
import { normaliseRecoveryCode, randomSecret, recoveryCode, sha256 } from '../../core/auth/secrets.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import { nameSkeleton } from '../../core/unicode/skeleton.js';
import { logger } from '../../core/logging/logger.js';
import { AccountsRepository } from './accounts.repository.js';
import { FIRST_STEP_DONE, type FirstStepDone } from '../home/first-steps.events.js';
import type { UserEntity } from './entities/user.entity.js';
import { hashPassword, isCommonPassword, timingSafeDummyHash, verifyPassword } from './passwords.js';

export function toUser(u: UserEntity): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    locale: u.locale,
    roles: u.roles,
    createdAt: u.createdAt.toISOString(),
  };
}

type TokenRow = { id: string; name: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null };
const toTokenSummary = (t: TokenRow): TokenSummary => ({
  id: t.id,
  name: t.name,
  createdAt: t.created_at.toISOString(),
  lastUsedAt: t.last_used_at?.toISOString() ?? null,
  expiresAt: t.expires_at?.toISOString() ?? null,
});

const TOKEN_PREFIX = 'sst_';

/** Emitted (and awaited) after someone blocks someone: conversations between them end. */
export const USER_BLOCKED = 'user.blocked';
export interface UserBlocked {
  blockerId: string;
  blockedId: string;
}

const displayNameSkeleton = (displayName: string | null | undefined) => (displayName ? nameSkeleton(displayName) : null);

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    private readonly devices: DeviceCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  /** Fills in the skeletons of accounts made before they were stored; every process may run it. */
  async onApplicationBootstrap(): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.repo.withoutSkeletons(after, 500);
      if (!rows.length) return;
      for (const row of rows) {
        const stored = await this.repo
          .setSkeletons(row.id, nameSkeleton(row.username), displayNameSkeleton(row.display_name))
          .catch(() => false); // another process stored a look-alike first: same outcome
        if (!stored) logger.warn({ userId: row.id }, 'username looks like an older one; left without a skeleton');
      }
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * Creates the account, its recovery codes and a session, in one transaction. New accounts per
   * address are throttled, counted before any work, so a script cannot mint a crowd of accounts.
   */
  async register(input: RegisterInput, ip: string, req: Request, res: Response, fallbackLocale: User['locale']): Promise<RegisterResult> {
    const { perIp, windowSeconds } = this.config.registerLimit;
    const state = await this.limiter.take(`register:ip:${ip}`, perIp, windowSeconds);
    if (state.limited) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: state.retryAfterSeconds });
    this.refuseCommonPassword(input.password, 'password');
    const passwordHash = await hashPassword(input.password);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    const user = await this.repo.transaction(async (manager) => {
      const created = await this.repo.insertUser(
        {
          username: input.username,
          usernameKey: usernameKey(input.username),
          usernameSkeleton: nameSkeleton(input.username),
          displayName: input.displayName || null,
          displayNameSkeleton: displayNameSkeleton(input.displayName),
          passwordHash,
          locale: input.locale ?? fallbackLocale,
        },
        manager,
      );
      if (!created) throw new AppError('USERNAME_TAKEN', [{ path: 'username', message: 'USERNAME_TAKEN' }]);
      await this.repo.replaceRecoveryCodes(created.id, codes.map(sha256), manager);
      await this.sessions.start(req, res, created.id, manager);
      return created;
    });
    this.devices.issue(req, res, user.usernameKey);
    return { user: toUser(user), recoveryCodes: codes };
  }

  /**
   * Checks credentials under the login throttles (see checkCredentials) and starts a session. A
   * browser that signs in becomes one of the account's devices, with a guessing budget of its own.
   */
  async login(input: LoginInput, ip: string, req: Request, res: Response): Promise<User> {
    const user = await this.checkCredentials(input, ip, req);
    if (user.status === 'suspended') {
      // A suspension with an end lifts itself at the first login after it.
      if (!user.suspendedUntil || user.suspendedUntil > new Date()) {
        throw new AppError('ACCOUNT_SUSPENDED', [], { params: { until: user.suspendedUntil?.toISOString() ?? null } });
      }
      await this.repo.reactivate(user.id);
    }
    await this.sessions.start(req, res, user.id);
    this.devices.issue(req, res, user.usernameKey);
    return toUser(user);
  }

  /**
   * Who is suspended and proves it with their password: the one thing they may still do signed
   * out is appeal. Throttled like a login.
   */
  async suspendedAccount(input: LoginInput, ip: string, req?: Request): Promise<string> {
    const user = await this.checkCredentials(input, ip, req);
    if (user.status !== 'suspended') throw new AppError('ACTION_NOT_ALLOWED');
    return user.id;
  }

  /**
   * The account behind a username and password. Every attempt is counted *before* the password
   * is hashed, atomically, so concurrent guesses cannot all slip under the limit:
   * - a device cookie for this name spends that device's own budget, so strangers guessing the
   *   name cannot lock its owner out (OWASP's device cookies);
   * - anyone else spends the budget strangers share for the name, and the per-address budget.
   * A correct password clears the budget it spent and gives back its address hit: it was no guess.
   */
  private async checkCredentials(input: LoginInput, ip: string, req?: Request): Promise<UserEntity> {
    const key = usernameKey(input.username);
    const { perUsername, perIp, windowSeconds } = this.config.loginLimit;
    const device = req ? this.devices.deviceFor(req, key) : null;
    const locale = req ? requestLocale(req) : DEFAULT_LOCALE;
    const ipKey = device ? null : `login:ip:${ip}`;
    const budgetKey = device ? `login:device:${device}` : `login:user:${key}`;
    if (ipKey) await this.take(ipKey, perIp, windowSeconds, locale);
    await this.take(budgetKey, perUsername, windowSeconds, locale);

    const user = await this.repo.byUsernameKeyWithPassword(key);
    const ok = user && user.status !== 'deleted'
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyPassword(await timingSafeDummyHash(), input.password).then(() => false);
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS');
    await this.limiter.reset(budgetKey);
    if (ipKey) await this.limiter.release(ipKey);
    return user;
  }

  /** Counts one sign-in attempt; over the limit, says when the person may try again. */
  private async take(limitKey: string, limit: number, windowSeconds: number, locale: Locale): Promise<void> {
    const state = await this.limiter.take(limitKey, limit, windowSeconds);
    if (!state.limited) return;
    // Serbian is written here in Latin letters, as in the locale files.
    const when = new Intl.RelativeTimeFormat(locale === 'sr' ? 'sr-Latn' : locale, { numeric: 'always' });
    throw new AppError('LOGIN_THROTTLED', [], {
      retryAfterSeconds: state.retryAfterSeconds,
      params: { when: when.format(Math.ceil(state.retryAfterSeconds / 60), 'minute') },
    });
  }

  /**
   * Sets a new password with a one-time recovery code. Recovery is the way back for someone who
   * lost control of their account, so everything else ends: other sessions, access tokens and the
   * calendar feed address. The answer says what ended.
   */
  async recover(input: RecoverInput, ip: string, req: Request, res: Response): Promise<RecoverResult> {
    const key = usernameKey(input.username);
    const { perUsername, perIp, windowSeconds } = this.config.loginLimit;
    const limitKey = `recover:user:${key}`;
    const state = await this.limiter.take(limitKey, perUsername, windowSeconds);
    if (state.limited) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: state.retryAfterSeconds });
    this.refuseCommonPassword(input.newPassword, 'newPassword');
    const user = await this.repo.byUsernameKey(key);
    const passwordHash = await hashPassword(input.newPassword);
    const result = user && user.status === 'active' ? await this.repo.transaction(async (manager) => {
      if (!(await this.repo.consumeRecoveryCode(user.id, sha256(normaliseRecoveryCode(input.recoveryCode)), manager))) return null;
      await this.repo.update(user.id, { passwordHash }, manager);
      return this.sessions.endAllOf(user.id, null, manager);
    }) : null;
    if (result) this.sessions.ended(result.credentials);
    if (!user || !result) {
      // A wrong code also spends the address's login budget: codes are not a side door for guessing.
      await this.limiter.take(`login:ip:${ip}`, perIp, windowSeconds);
      throw new AppError('RECOVERY_CODE_INVALID');
    }
    await this.limiter.reset(limitKey);
    await this.sessions.start(req, res, user.id);
    this.devices.issue(req, res, user.usernameKey);
    return { user: toUser(user), ended: result.ended };
  }

  /** Who the caller is: as the credential check read them for this request, else read now. */
  async me(caller: AuthUser): Promise<User> {
    if (caller.createdAt === undefined) return this.freshMe(caller.id);
    const { id, username, displayName, locale, roles, createdAt } = caller;
    return { id, username, displayName, locale, roles, createdAt };
  }

  private async freshMe(id: string): Promise<User> {
    const user = await this.repo.byId(id);
    if (!user) throw new AppError('UNAUTHENTICATED');
    return toUser(user);
  }

  async updateMe(caller: AuthUser, input: UpdateMeInput): Promise<User> {
    await this.repo.update(caller.id, {
      ...(input.displayName !== undefined && { displayName: input.displayName || null, displayNameSkeleton: displayNameSkeleton(input.displayName) }),
      ...(input.locale !== undefined && { locale: input.locale }),
    });
    return this.freshMe(caller.id);
  }

  /**
   * Changing the password ends everything but this session: other sessions, access tokens and the
   * calendar feed address. Whoever changes a password usually fears someone else is in; a token
   * or feed address that outlived the change would keep them in.
   */
  async changePassword(caller: AuthUser, input: ChangePasswordInput): Promise<PasswordChanged> {
    const user = await this.repo.byIdWithPassword(caller.id);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError('PASSWORD_INCORRECT', [{ path: 'currentPassword', message: 'PASSWORD_INCORRECT' }]);
    }
    this.refuseCommonPassword(input.newPassword, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    const { ended, credentials } = await this.repo.transaction(async (manager) => {
      await this.repo.update(caller.id, { passwordHash }, manager);
      return this.sessions.endAllOf(caller.id, caller.via === 'session' ? caller.credentialId : null, manager);
    });
    this.sessions.ended(credentials);
    return { ended };
  }

  async recoveryCodesLeft(caller: AuthUser): Promise<{ remaining: number }> {
    return { remaining: await this.repo.remainingRecoveryCodes(caller.id) };
  }

  /** A fresh set of ten; the old codes stop working. Asks for the password again. */
  async regenerateRecoveryCodes(caller: AuthUser, password: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.repo.byIdWithPassword(caller.id);
    if (!user || !(await verifyPassword(user.passwordHash, password))) {
      throw new AppError('PASSWORD_INCORRECT', [{ path: 'password', message: 'PASSWORD_INCORRECT' }]);
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    await this.repo.transaction((manager) => this.repo.replaceRecoveryCodes(caller.id, codes.map(sha256), manager));
    // A new set is shown with the same ways to keep it: the home's "keep your codes safe" is done.
    await this.events.emitAsync(FIRST_STEP_DONE, { userId: caller.id, step: 'recovery_codes' } satisfies FirstStepDone);
    return { recoveryCodes: codes };
  }

  async listTokens(caller: AuthUser): Promise<{ items: TokenSummary[] }> {
    return { items: (await this.repo.listTokens(caller.id)).map(toTokenSummary) };
  }

  /** The token itself is answered once and only its hash is kept. */
  async createToken(caller: AuthUser, input: CreateTokenInput): Promise<TokenSummary & { token: string }> {
    const token = TOKEN_PREFIX + randomSecret();
    const row = await this.repo.insertToken(caller.id, input.name, sha256(token), input.expiresInDays);
    return { ...toTokenSummary(row), token };
  }

  async revokeToken(caller: AuthUser, tokenId: string): Promise<void> {
    if (!(await this.repo.deleteToken(caller.id, tokenId))) throw new AppError('TOKEN_NOT_FOUND');
    this.sessions.ended({ tokenIds: [tokenId] });
  }

  async block(caller: AuthUser, userId: string): Promise<void> {
    if (userId === caller.id) throw new AppError('CANNOT_BLOCK_SELF');
    if (!(await this.repo.byId(userId))) throw new AppError('USER_NOT_FOUND');
    await this.repo.block(caller.id, userId);
    // Awaited: by the time the block is answered, conversations between the two have ended.
    await this.events.emitAsync(USER_BLOCKED, { blockerId: caller.id, blockedId: userId } satisfies UserBlocked);
  }

  async unblock(caller: AuthUser, userId: string): Promise<void> {
    await this.repo.unblock(caller.id, userId);
  }

  async blocks(caller: AuthUser) {
    const rows = await this.repo.blockedBy(caller.id);
    return { items: rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name })) };
  }

  /** `npm run cli -- grant <username> <role>`. */
  async grant(username: string, role: string): Promise<User> {
    if (!(PLATFORM_ROLES as readonly string[]).includes(role)) throw new AppError('ROLE_UNKNOWN');
    const user = await this.repo.byUsernameKey(usernameKey(username));
    if (!user) throw new AppError('USER_NOT_FOUND');
    await this.repo.addRole(user.id, role as PlatformRole);
    return toUser((await this.repo.byId(user.id))!);
  }

  private refuseCommonPassword(password: string, path: string): void {
    if (isCommonPassword(password)) throw new AppError('PASSWORD_TOO_COMMON', [{ path, message: 'PASSWORD_TOO_COMMON' }]);
  }
}
