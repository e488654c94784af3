/**
 * Writes that arrive while earlier ones are still with Postgres go out together, as one statement:
 * what Postgres calls group commit, done by the API. A write that finds fewer than `maxInFlight`
 * statements out goes at once, alone, so a quiet server adds no wait; under load the queue grows
 * while statements are out, and each next statement takes up to `maxBatch` of it. A statement
 * for many rows costs Postgres far less per row than one each (planning, locks, the commit and its
 * WAL flush, statement triggers: docs/benchmarks.md, 7 December 2026).
 *
 * What a failed statement's writes do next is the caller's to say (`afterFailure`):
 * - `retry-alone`, for a failure that one row can cause (a constraint, a deadlock): a batch's writes
 *   are tried again alone, one after another, so one bad row fails only its own write and the
 *   retries take no more connections than the batch did (a write that was alone just fails);
 * - `hold-key`, for a statement that gave up waiting for a lock someone else holds (the caller's
 *   statements wait only a moment for one): as `retry-alone`, and the write that gives up again has
 *   its key (its space) held for `holdMs`: it and every write for that key until then are refused
 *   with `refusal` at once, never queued, so one held lock costs the line one wait, not one per
 *   statement that meets it, and ties up no connection while it lasts;
 * - `fail`, for anything else (the database gone, a time-out): retrying would only add load when
 *   Postgres is struggling.
 */
export type AfterFailure = 'retry-alone' | 'hold-key' | 'fail';

export interface InsertBatcherOptions<In, Out> {
  writeOne: (input: In) => Promise<Out>;
  /** Answers one result per input, in their order. */
  writeMany: (inputs: In[]) => Promise<Out[]>;
  afterFailure: (err: unknown) => AfterFailure;
  keyOf: (input: In) => string;
  holdMs: number;
  /** The error for a write refused while its key is held, and how long until it may try again. */
  refusal: (retryAfterMs: number) => Error;
  maxInFlight: number;
  maxBatch: number;
}

interface Write<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

export class InsertBatcher<In, Out> {
  private readonly queue: Write<In, Out>[] = [];
  private inFlight = 0;
  /** Keys held after a lock wait gave up, with when each is let go (`Date.now()` time). */
  private readonly held = new Map<string, number>();

  constructor(private readonly o: InsertBatcherOptions<In, Out>) {}

  write(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      const refused = this.refusalFor(this.o.keyOf(input));
      if (refused) return reject(refused);
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.o.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.o.maxBatch);
      this.inFlight++;
      this.run(batch)
        // Nothing may be left waiting: should the batch's own handling throw, its writes fail.
        .catch((err: unknown) => batch.forEach((b) => b.reject(err)))
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }

  private async run(taken: Write<In, Out>[]): Promise<void> {
    // Writes queued before their key was held do not meet its lock again.
    const batch = taken.filter((b) => !this.refusedWhileHeld(b));
    if (batch.length > 1) {
      try {
        const outs = await this.o.writeMany(batch.map((b) => b.input));
        if (outs.length !== batch.length) throw new Error(`a batch of ${batch.length} writes was answered ${outs.length} times`);
        batch.forEach((b, i) => b.resolve(outs[i]));
        return;
      } catch (err) {
        if (this.o.afterFailure(err) === 'fail') return batch.forEach((b) => b.reject(err));
      }
    }
    for (const b of batch) {
      // A write before it in this loop found its key's lock held: no second wait for the same lock.
      if (this.refusedWhileHeld(b)) continue;
      try {
        b.resolve(await this.o.writeOne(b.input));
      } catch (err) {
        if (this.o.afterFailure(err) === 'hold-key') this.hold(this.o.keyOf(b.input));
        if (!this.refusedWhileHeld(b)) b.reject(err);
      }
    }
  }

  private hold(key: string): void {
    const now = Date.now();
    for (const [other, until] of this.held) if (until <= now) this.held.delete(other);
    this.held.set(key, now + this.o.holdMs);
  }

  /** Refuses the write if its key is held; says whether it did. */
  private refusedWhileHeld(write: Write<In, Out>): boolean {
    const refused = this.refusalFor(this.o.keyOf(write.input));
    if (refused) write.reject(refused);
    return !!refused;
  }

  private refusalFor(key: string): Error | null {
    const until = this.held.get(key);
    if (until === undefined) return null;
    const left = until - Date.now();
    if (left > 0) return this.o.refusal(left);
    this.held.delete(key);
    return null;
  }
}
