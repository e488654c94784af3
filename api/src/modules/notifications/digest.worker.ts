import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logger } from '../../core/logging/logger.js';
import { DeliveryWorker } from './delivery.worker.js';
import { DigestRepository } from './digest.repository.js';

export const DIGEST_SWEEP_MS = Symbol('DIGEST_SWEEP_MS');
/** People one step of a sweep looks at (one statement); a sweep takes steps until it has seen everyone. */
export const DIGEST_STEP = 1000;

/**
 * The weekly in-app digest, written by a sweep any API process may run (hourly by default): the
 * first sweeps of an ISO week write everyone's, the unique dedupe key keeps it to one per person
 * per week whichever process sweeps and however often. Its deliveries go through the same queue.
 */
@Injectable()
export class DigestWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly repo: DigestRepository,
    private readonly delivery: DeliveryWorker,
    @Inject(DIGEST_SWEEP_MS) private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Answers how many digests it wrote. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let total = 0;
      let after: string | null = null;
      for (;;) {
        const step = await this.repo.writeDigests(DIGEST_STEP, after);
        total += step.written;
        if (step.lookedAt < DIGEST_STEP || !step.lastId) break;
        after = step.lastId;
      }
      if (total) this.delivery.kick();
      return total;
    } catch (err) {
      logger.error({ err }, 'weekly digest failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
