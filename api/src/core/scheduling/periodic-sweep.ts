import type {
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from "@nestjs/common";
import { logger } from "../logging/logger.js";

/**
 * A sweep every API process runs on a timer (reminders, publishing, digests, retention). The state
 * lives in Postgres, so processes may overlap; here one process never runs two sweeps at once, a
 * failed sweep is logged and answers `idle`, and the timer never keeps the process alive.
 * Subclasses write `sweep()` as `return this.once(async () => …)`; `everyMs <= 0` turns the timer
 * off (tests call `sweep()` themselves).
 */
export abstract class PeriodicSweep<T>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  protected constructor(
    private readonly everyMs: number,
    /** Names the sweep in the error log. */
    private readonly what: string,
    /** The answer when nothing ran: a sweep already running, or one that failed. */
    private readonly idle: T,
    private readonly enabled = true
  ) {}

  abstract sweep(): Promise<T>;

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0 || !this.enabled) return;
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  protected async once(work: () => Promise<T>): Promise<T> {
    if (this.running) return this.idle;
    this.running = true;
    try {
      return await work();
    } catch (err) {
      logger.error({ err }, `${this.what} failed`);
      return this.idle;
    } finally {
      this.running = false;
    }
  }
}
