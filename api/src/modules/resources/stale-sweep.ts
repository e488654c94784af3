import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ResourcesService } from './resources.service.js';

export const STALE_SWEEP_MS = Symbol('STALE_SWEEP_MS');

/**
 * Puts a "check it again" task in an organisation's queue for each resource not checked for 150
 * days. Idempotent (one open task per resource), so several API processes may all run it.
 */
@Injectable()
export class StaleSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StaleSweep.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly resources: ResourcesService,
    @Inject(STALE_SWEEP_MS) private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => {
      this.resources.openStaleTasks().catch((e: unknown) => this.logger.warn(`stale sweep failed: ${String(e)}`));
    }, this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
