/**
 * Writes that arrive while earlier ones are still with Postgres go out together, as one statement:
 * what Postgres calls group commit, done by the API. A write that finds fewer than `maxInFlight`
 * statements out goes at once, alone, so a quiet server adds no wait; under load the queue grows
 * while statements are out, and each next statement takes up to `maxBatch` of it. A statement
 * for many rows costs Postgres far less per row than one each (planning, locks, the commit and its
 * WAL flush, statement triggers: docs/benchmarks.md, 7 December 2026).
 *
 * Should a batch fail for a reason that one row can cause (a constraint, a deadlock: `retryAlone`),
 * its writes are tried again alone, one after another, so one bad row fails only its own write and
 * the retries take no more connections than the batch did. Any other failure (the database gone, a
 * time-out) fails the whole batch: retrying would only add load when Postgres is struggling.
 */
export class InsertBatcher<In, Out> {
  private readonly queue: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly writeOne: (input: In) => Promise<Out>,
    /** Answers one result per input, in their order. */
    private readonly writeMany: (inputs: In[]) => Promise<Out[]>,
    private readonly retryAlone: (err: unknown) => boolean,
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
        if (!this.retryAlone(err)) {
          for (const b of batch) b.reject(err);
          return;
        }
      }
    }
    for (const b of batch) await this.writeOne(b.input).then(b.resolve, b.reject);
  }
}
