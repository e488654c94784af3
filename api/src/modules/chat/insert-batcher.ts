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
 * - `set-aside`, for a statement that gave up waiting for a lock someone else holds: its writes
 *   leave the line and each goes its own way (`writeAside`), so what one row waits for holds up only
 *   that row, not every write queued behind the statement;
 * - `fail`, for anything else (the database gone, a time-out): retrying would only add load when
 *   Postgres is struggling.
 */
export type AfterFailure = 'retry-alone' | 'set-aside' | 'fail';

export class InsertBatcher<In, Out> {
  private readonly queue: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly writeOne: (input: In) => Promise<Out>,
    /** Answers one result per input, in their order. */
    private readonly writeMany: (inputs: In[]) => Promise<Out[]>,
    private readonly afterFailure: (err: unknown) => AfterFailure,
    /** A write that left the line: not counted in `maxInFlight`. */
    private readonly writeAside: (input: In) => Promise<Out>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {}

  write(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
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

  private async run(batch: typeof this.queue): Promise<void> {
    if (batch.length > 1) {
      try {
        const outs = await this.writeMany(batch.map((b) => b.input));
        if (outs.length !== batch.length) throw new Error(`a batch of ${batch.length} writes was answered ${outs.length} times`);
        batch.forEach((b, i) => b.resolve(outs[i]));
        return;
      } catch (err) {
        const next = this.afterFailure(err);
        if (next === 'set-aside') return this.setAside(batch);
        if (next === 'fail') return batch.forEach((b) => b.reject(err));
      }
    }
    for (const b of batch) {
      await this.writeOne(b.input).then(b.resolve, (err: unknown) => (this.afterFailure(err) === 'set-aside' ? this.setAside([b]) : b.reject(err)));
    }
  }

  /** Not awaited: the line goes on while these wait for what they need. */
  private setAside(writes: typeof this.queue): void {
    for (const w of writes) this.writeAside(w.input).then(w.resolve, w.reject);
  }
}
