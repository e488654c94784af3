import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  PLATFORM_ROLES,
  RECOVERY_CODE_COUNT,
  usernameKey,
  type ChangePasswordInput,
  type CreateTokenInput,
  type LoginInput,
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
import { AuthRepository } from '../../core/auth/auth.repository.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { SessionService } from '../../core/auth/session.service.js';
import { normaliseRecoveryCode, randomSecret, recoveryCode, sha256 } from '../../core/auth/secrets.js';
import { RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import { AccountsRepository } from './accounts.repository.js';
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

@Injectable()
export class AccountsService {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly auth: AuthRepository,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the account, its recovery codes and a session, in one transaction. */
  async register(input: RegisterInput, req: Request, res: Response, fallbackLocale: User['locale']): Promise<RegisterResult> {
    this.refuseCommonPassword(input.password, 'password');
    const passwordHash = await hashPassword(input.password);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    const user = await this.repo.transaction(async (manager) => {
      const created = await this.repo.insertUser(
        {
          username: input.username,
          usernameKey: usernameKey(input.username),
          displayName: input.displayName || null,
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
    return { user: toUser(user), recoveryCodes: codes };
  }

  /**
   * Checks credentials under two throttles, per username and per address, both counted in
   * Postgres so every API process shares them. A success clears the username's count.
   */
  async login(input: LoginInput, ip: string, req: Request, res: Response): Promise<User> {
    const user = await this.checkCredentials(input, ip);
    if (user.status === 'suspended') {
      // A suspension with an end lifts itself at the first login after it.
      if (!user.suspendedUntil || user.suspendedUntil > new Date()) {
        throw new AppError('ACCOUNT_SUSPENDED', [], { params: { until: user.suspendedUntil?.toISOString() ?? null } });
      }
      await this.repo.reactivate(user.id);
    }
    await this.sessions.start(req, res, user.id);
    return toUser(user);
  }

  /**
   * Who is suspended and proves it with their password: the one thing they may still do signed
   * out is appeal. Throttled like a login.
   */
  async suspendedAccount(input: LoginInput, ip: string): Promise<string> {
    const user = await this.checkCredentials(input, ip);
    if (user.status !== 'suspended') throw new AppError('ACTION_NOT_ALLOWED');
    return user.id;
  }

  /** The account behind a username and password, under both login throttles. */
  private async checkCredentials(input: LoginInput, ip: string): Promise<UserEntity> {
    const key = usernameKey(input.username);
    const { perUsername, perIp, windowSeconds } = this.config.loginLimit;
    for (const [limitKey, limit] of [[`login:user:${key}`, perUsername], [`login:ip:${ip}`, perIp]] as const) {
      const state = await this.limiter.check(limitKey, limit, windowSeconds);
      if (state.limited) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: state.retryAfterSeconds });
    }
    const user = await this.repo.byUsernameKeyWithPassword(key);
    const ok = user && user.status !== 'deleted'
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyPassword(await timingSafeDummyHash(), input.password).then(() => false);
    if (!user || !ok) {
      await this.limiter.hit(`login:user:${key}`, windowSeconds);
      await this.limiter.hit(`login:ip:${ip}`, windowSeconds);
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.limiter.reset(`login:user:${key}`);
    return user;
  }

  /** Sets a new password with a one-time recovery code; every other session ends. */
  async recover(input: RecoverInput, ip: string, req: Request, res: Response): Promise<User> {
    const key = usernameKey(input.username);
    const { perUsername, windowSeconds } = this.config.loginLimit;
    const limitKey = `recover:user:${key}`;
    const state = await this.limiter.check(limitKey, perUsername, windowSeconds);
    if (state.limited) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: state.retryAfterSeconds });
    this.refuseCommonPassword(input.newPassword, 'newPassword');
    const user = await this.repo.byUsernameKey(key);
    const passwordHash = await hashPassword(input.newPassword);
    const recovered = user && user.status === 'active' && (await this.repo.transaction(async (manager) => {
      if (!(await this.repo.consumeRecoveryCode(user.id, sha256(normaliseRecoveryCode(input.recoveryCode)), manager))) return null;
      await this.repo.update(user.id, { passwordHash }, manager);
      return { sessionIds: await this.auth.deleteSessionsOf(user.id, null, manager) };
    }));
    if (recovered) this.sessions.ended(recovered);
    if (!user || !recovered) {
      await this.limiter.hit(limitKey, windowSeconds);
      await this.limiter.hit(`login:ip:${ip}`, windowSeconds);
      throw new AppError('RECOVERY_CODE_INVALID');
    }
    await this.sessions.start(req, res, user.id);
    return toUser(user);
  }

  async me(caller: AuthUser): Promise<User> {
    const user = await this.repo.byId(caller.id);
    if (!user) throw new AppError('UNAUTHENTICATED');
    return toUser(user);
  }

  async updateMe(caller: AuthUser, input: UpdateMeInput): Promise<User> {
    await this.repo.update(caller.id, {
      ...(input.displayName !== undefined && { displayName: input.displayName || null }),
      ...(input.locale !== undefined && { locale: input.locale }),
    });
    return this.me(caller);
  }

  /** Changing the password ends every other session and keeps this one. */
  async changePassword(caller: AuthUser, input: ChangePasswordInput): Promise<void> {
    const user = await this.repo.byIdWithPassword(caller.id);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError('PASSWORD_INCORRECT', [{ path: 'currentPassword', message: 'PASSWORD_INCORRECT' }]);
    }
    this.refuseCommonPassword(input.newPassword, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    const sessionIds = await this.repo.transaction(async (manager) => {
      await this.repo.update(caller.id, { passwordHash }, manager);
      return this.auth.deleteSessionsOf(caller.id, caller.via === 'session' ? caller.credentialId : null, manager);
    });
    this.sessions.ended({ sessionIds });
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
