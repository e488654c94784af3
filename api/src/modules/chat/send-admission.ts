import { AppError } from '../../core/errors/app-error.js';

/**
 * Admission for chat sends in one API process. Past `max` sends in flight, a send is refused at
 * once with BUSY and a hint of when to try again, instead of queueing behind the database pool:
 * accepted sends stay quick and nobody waits ten seconds for an ack that then times out. The
 * client resends with the same clientId, so a refused send is never lost or doubled.
 *
 * Few at once is faster: by Little's law, sends beyond what the pool and CPU finish within the time
 * allowed only make every send slower. Measured under overload (issue 16, chat-rooms bench, 700 and
 * 1,000 sends/s offered): 64 at once gave accepted sends p50 180–200 ms, p99 330–500 ms; 8 at once
 * p50 20–40 ms, p99 55–87 ms, and more sends accepted a second, not fewer.
 */
export class SendAdmission {
  private inFlight = 0;

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.max) throw new AppError('BUSY', [], { retryAfterMs: this.retryHint() });
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }

  /** A quarter to half a second, spread so refused clients don't all come back together. */
  private retryHint(): number {
    return 250 + Math.floor(Math.random() * 250);
  }
}
