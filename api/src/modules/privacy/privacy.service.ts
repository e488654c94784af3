import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DeleteMeInput } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { SessionService } from '../../core/auth/session.service.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import { logger } from '../../core/logging/logger.js';
import { verifyPassword } from '../accounts/passwords.js';
import { PrivacyRepository, PURGE_AFTER_DAYS } from './privacy.repository.js';

/** The archive's format; docs/export-format.md describes every section. */
export const EXPORT_SCHEMA_VERSION = 1;
const PURGE_EVERY_MS = 6 * 3600_000;

@Injectable()
export class PrivacyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: PrivacyRepository,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One machine-readable archive of everything the person wrote, joined, reacted to, RSVPed and reported. */
  async export(user: AuthUser) {
    return {
      schemaVersion: EXPORT_SCHEMA_VERSION,
      format: 'docs/export-format.md',
      generatedAt: new Date().toISOString(),
      ...(await this.repo.exportOf(user.id)),
    };
  }

  /**
   * Erases the account. Contributions are removed (tombstones now, purged after 30 days) or kept
   * as "a former member"; either way sessions, tokens and live connections end at once.
   */
  async deleteAccount(user: AuthUser, input: DeleteMeInput, req: Request, res: Response): Promise<void> {
    const hash = await this.repo.passwordHash(user.id);
    if (!hash || !(await verifyPassword(hash, input.password))) {
      throw new AppError('PASSWORD_INCORRECT', [{ path: 'password', message: 'PASSWORD_INCORRECT' }]);
    }
    const words = await this.repo.transaction(async (m) => {
      await this.repo.handOverHostedSpaces(m, user.id);
      await this.repo.handOverAdministeredOrganizations(m, user.id);
      const removed = input.contributions === 'remove' ? await this.repo.searchWordsOf(m, user.id) : [];
      if (input.contributions === 'remove') await this.repo.removeContributions(m, user.id);
      await this.sessions.endAllOf(user.id, null, m);
      await this.repo.detachAndErase(m, user.id);
      return removed;
    });
    this.sessions.ended({ userIds: [user.id] });
    // Their words leave the typo dictionary unless someone else's text holds them too. After the
    // commit (outside the erasure's transaction, which it would only lengthen); should it fail,
    // the periodic SearchWordsSweep removes them later.
    await this.repo.pruneSearchWords(words).catch((err) => logger.error({ err }, 'pruning a deleted account\'s search words failed'));
    await this.sessions.end(req, res, undefined);
  }

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    const run = () => this.purge().catch((err) => logger.error({ err }, 'purge failed'));
    void run();
    this.timer = setInterval(run, PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Soft-deleted content older than 30 days, and deleted accounts, go for good. */
  async purge(): Promise<Record<string, number>> {
    const counts = await this.repo.purge();
    if (Object.values(counts).some((n) => n > 0)) logger.info({ counts, afterDays: PURGE_AFTER_DAYS }, 'purged deleted content');
    return counts;
  }
}
