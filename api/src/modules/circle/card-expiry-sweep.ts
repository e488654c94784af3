import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CircleService } from './circle.service.js';

const EVERY_MS = 3_600_000;

/**
 * Case cards last 90 days: reads already hide expired cards, and this hourly sweep deletes them
 * with their view logs. Idempotent, so several API processes may all run it.
 */
@Injectable()
export class CardExpirySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CardExpirySweep.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly circle: CircleService) {}

  onApplicationBootstrap(): void {
    const run = () => void this.circle.sweep().catch((e: unknown) => this.logger.warn(`case card sweep failed: ${String(e)}`));
    this.timer = setInterval(run, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
