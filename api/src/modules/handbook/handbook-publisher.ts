import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logger } from '../../core/logging/logger.js';
import { HandbookRepository } from './handbook.repository.js';
import { HandbookService } from './handbook.service.js';

export const HANDBOOK_SWEEP_MS = Symbol('HANDBOOK_SWEEP_MS');
/** Editions one sweep publishes; more wait for the next sweep. */
const SWEEP_LIMIT = 20;

/**
 * Publishes frozen editions whose date has come, with the stories whose authors did not withdraw.
 * The state lives in Postgres and publishing locks the edition and checks it is still frozen, so
 * whichever API process sweeps, each edition is published once.
 */
@Injectable()
export class HandbookPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly repo: HandbookRepository,
    private readonly handbook: HandbookService,
    @Inject(HANDBOOK_SWEEP_MS) private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Publishes what is due now; answers how many editions went out. */
  async sweep(now = new Date()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let published = 0;
      for (const id of await this.repo.due(now, SWEEP_LIMIT)) if (await this.handbook.publishDue(id)) published++;
      return published;
    } catch (err) {
      logger.error({ err }, 'handbook publish sweep failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
