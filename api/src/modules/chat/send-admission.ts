import { AppError } from '../../core/errors/app-error.js';

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Admission for chat sends in one API process. Up to `max` sends run at once. Past that a send may
 * wait a moment for a free place: at most `maxWaitMs`, behind at most `max` others. Otherwise, or
 * once that moment is over, it is refused with BUSY and a hint of when to try again, instead of
 * queueing behind the database pool: accepted sends stay quick and nobody waits ten seconds for an
 * ack that then times out. The client resends with the same clientId, so a refused send is never
 * lost or doubled.
 *
 * Few at once is faster: by Little's law, sends beyond what the pool and CPU finish within the time
 * allowed only make every send slower. Measured under overload (issue 16, chat-rooms bench, 700 and
 * 1,000 sends/s offered): 64 at once gave accepted sends p50 180–200 ms, p99 330–500 ms; 8 at once
 * p50 20–40 ms, p99 55–87 ms, and more sends accepted a second, not fewer. Since plain sends that
 * wait together are stored in one statement (insert-batcher.ts), a few more at once make each
 * cheaper: 16 at once accepted 944 and 955 a second at best on a slow machine (p99 51–54 ms)
 * where 8 accepted 509–853, with about a fifth less of Postgres's CPU a send; 24 and 32 took p99
 * near and past 100 ms (docs/benchmarks.md, 7 December 2026).
 *
 * The short wait is for bursts, not overload: sends arrive unevenly, and a pause of the process (a
 * garbage collection, a slow statement) fills the places for a few milliseconds while the box has
 * time to spare. Refused at once, 8–10 % of the sends were turned away at 700 and 1,000 a second
 * offered with p99 delivery at 28–49 ms, far inside its 100 ms goal (docs/benchmarks.md, 5 December
 * 2026).
 */
export class SendAdmission {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly max: number,
    private readonly maxWaitMs = 0,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight < this.max) this.inFlight++;
    else await this.placeHandedOver();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Resolves when a finishing send hands its place over (still counted in `inFlight`). */
  private placeHandedOver(): Promise<void> {
    if (this.maxWaitMs <= 0 || this.waiting.length >= this.max) return Promise.reject(this.busy());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: resolve,
        // After a pause of the process Node runs due timers before it reads the answers that
        // arrived meanwhile: refuse only once those have had their turn, if still waiting then.
        timer: setTimeout(() => {
          setImmediate(() => {
            const at = this.waiting.indexOf(waiter);
            if (at < 0) return;
            this.waiting.splice(at, 1);
            reject(this.busy());
          });
        }, this.maxWaitMs).unref(),
      };
      this.waiting.push(waiter);
    });
  }

  /** A finished send's place goes to the longest waiting, or is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.inFlight--;
      return;
    }
    clearTimeout(next.timer);
    next.admit();
  }

  /** A quarter to half a second, spread so refused clients don't all come back together. */
  private busy(): AppError {
    return new AppError('BUSY', [], { retryAfterMs: 250 + Math.floor(Math.random() * 250) });
  }
}
