import { performance } from 'node:perf_hooks';

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
 *   statements wait only a moment for one): a batch's writes are tried again alone, and a write
 *   that gives up alone has its key held (see `holdMs`);
 * - `fail`, for anything else (the database gone, a time-out): retrying would only add load when
 *   Postgres is struggling.
 */
export type AfterFailure = 'retry-alone' | 'hold-key' | 'fail';

export interface InsertBatcherOptions<In, Out> {
  writeOne: (input: In) => Promise<Out>;
  /** Answers one result per input, in their order. */
  writeMany: (inputs: In[]) => Promise<Out[]>;
  afterFailure: (err: unknown) => AfterFailure;
  /** What a held lock belongs to: a write's space. */
  keyOf: (input: In) => string;
  /**
   * A held key's writes, queued or new, are refused with `refusal` at once, never sent: the lock
   * costs the line no wait and ties up no connection while the key is held. Held `holdMs` the first
   * time, twice as long each time its lock is found still held after that, up to `maxHoldMs`, so a
   * lock that lasts costs the line a wait less and less often. Once a hold ends the key's writes go
   * out alone, as probes, one at a time (`probeWaitMs`): only they wait if the lock is still there,
   * and the first that gets through ends it all. A key is forgotten `maxHoldMs` after its last hold
   * ended.
   */
  holdMs: number;
  maxHoldMs: number;
  /** The error for a write refused while its key is held, and how long until it may try again. */
  refusal: (retryAfterMs: number) => Error;
  /**
   * How long a probe may wait for its key's lock. For that long after one write of a key whose hold
   * has ended went out to find whether the lock has gone, the key's other writes are refused with
   * the time left, rather than each wait out the lock on a connection of its own: when a hold ends,
   * every client it refused comes back within the same moment. A probe slower than that (waiting
   * for a connection, or a transaction of several statements) stops holding the others back.
   */
  probeWaitMs: number;
  maxInFlight: number;
  maxBatch: number;
  /** A clock that setting the system's time does not move (tests pass their own). */
  now?: () => number;
}

interface Write<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

interface Hold {
  until: number;
  times: number;
  /** When a write of the key went out, after the hold ended, to find whether the lock has gone; null when none is out. */
  probeSince: number | null;
}

export class InsertBatcher<In, Out> {
  private readonly queue: Write<In, Out>[] = [];
  private inFlight = 0;
  private readonly holds = new Map<string, Hold>();
  private readonly now: () => number;

  constructor(private readonly o: InsertBatcherOptions<In, Out>) {
    this.now = o.now ?? (() => performance.now());
  }

  write(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      const write = { input, resolve, reject };
      if (this.refusedWhileHeld(write)) return;
      this.queue.push(write);
      this.drain();
    });
  }

  /**
   * One write alone, stored by `store`: refused while its key is held, holding the key when `store`
   * gives up on the key's lock, and ending a hold that has run out when it gets through. The line's
   * own writes that go one by one are stored so; so are writes of a key that share no statement
   * and are stored beside the line.
   */
  async writeApart<Stored = Out>(input: In, store: () => Promise<Stored>): Promise<Stored> {
    const key = this.o.keyOf(input);
    const refused = this.refusalWhileHeld(key);
    if (refused) throw refused;
    const ended = this.holdOf(key);
    const probeLeft = ended?.probeSince != null ? this.o.probeWaitMs - (this.now() - ended.probeSince) : 0;
    if (probeLeft > 0) throw this.o.refusal(Math.ceil(probeLeft));
    const probeSince = this.now();
    if (ended) ended.probeSince = probeSince;
    try {
      const out = await store();
      this.holds.delete(key);
      return out;
    } catch (err) {
      if (this.o.afterFailure(err) !== 'hold-key') throw err;
      this.hold(key);
      throw this.refusalWhileHeld(key) ?? err;
    } finally {
      // A new hold, or none, has taken its place if the probe met the lock or got through; a later
      // probe (this one took longer than probeWaitMs) keeps its own mark.
      if (ended?.probeSince === probeSince) ended.probeSince = null;
    }
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
    const writes = taken.filter((w) => !this.refusedWhileHeld(w));
    const probes = writes.filter((w) => this.holdOf(this.o.keyOf(w.input)));
    const rest = writes.filter((w) => !probes.includes(w));
    if (rest.length < 2 || !(await this.together(rest))) await this.oneByOne(rest);
    await this.oneByOne(probes);
  }

  /** Stores the writes in one statement; false when they are to be tried one by one instead. */
  private async together(writes: Write<In, Out>[]): Promise<boolean> {
    try {
      const outs = await this.o.writeMany(writes.map((w) => w.input));
      if (outs.length !== writes.length) throw new Error(`a batch of ${writes.length} writes was answered ${outs.length} times`);
      writes.forEach((w, i) => w.resolve(outs[i]));
      return true;
    } catch (err) {
      if (this.o.afterFailure(err) !== 'fail') return false;
      writes.forEach((w) => w.reject(err));
      return true;
    }
  }

  /** Each write alone, one after another, as `writeApart` stores a write. */
  private async oneByOne(writes: Write<In, Out>[]): Promise<void> {
    for (const w of writes) await this.writeApart(w.input, () => this.o.writeOne(w.input)).then(w.resolve, w.reject);
  }

  /**
   * Holds the key, twice as long as last time if its last hold has ended (a probe found the lock);
   * a hold still running is left as it is (the line's other statement met the same lock).
   */
  private hold(key: string): void {
    const last = this.holdOf(key);
    if (last && last.until > this.now()) return;
    const times = (last?.times ?? 0) + 1;
    this.holds.set(key, { times, until: this.now() + Math.min(this.o.holdMs * 2 ** (times - 1), this.o.maxHoldMs), probeSince: null });
  }

  /** The key's hold, running or ended but not yet forgotten; forgets every hold long over. */
  private holdOf(key: string): Hold | undefined {
    const now = this.now();
    for (const [k, h] of this.holds) if (now - h.until > this.o.maxHoldMs) this.holds.delete(k);
    return this.holds.get(key);
  }

  /**
   * The refusal for a write of this key while the key is held, else null: for writes of the same
   * key that go to the database some other way, so that they too meet no lock the line gave up on.
   */
  refusalWhileHeld(key: string): Error | null {
    const hold = this.holds.get(key);
    const left = hold ? hold.until - this.now() : 0;
    return left > 0 ? this.o.refusal(Math.ceil(left)) : null;
  }

  /** Refuses the write if its key is held now; says whether it did. */
  private refusedWhileHeld(write: Write<In, Out>): boolean {
    const refused = this.refusalWhileHeld(this.o.keyOf(write.input));
    if (refused) write.reject(refused);
    return !!refused;
  }
}
