import { InsertBatcher, type AfterFailure } from './insert-batcher.js';

class ConstraintError extends Error {}
class LockTimeout extends Error {}

/**
 * A store whose statements wait until `finish()`; it records what went out one by one and together.
 * `bad`: the input that breaks a constraint; `locked`: the key (input % 100) whose lock a statement
 * gives up on while `lockHeld`; `down`: every statement fails as with the database gone.
 */
function heldStore({ bad, locked, down = false }: { bad?: number; locked?: number; down?: boolean } = {}) {
  const alone: number[] = [];
  const together: number[][] = [];
  const waiting: (() => void)[] = [];
  const wait = () => new Promise<void>((resolve) => waiting.push(resolve));
  const store = {
    alone,
    together,
    lockHeld: locked !== undefined,
    writeOne: async (n: number) => {
      alone.push(n);
      await wait();
      fail(n);
      return n * 10;
    },
    writeMany: async (ns: number[]) => {
      together.push(ns);
      await wait();
      ns.forEach(fail);
      return ns.map((n) => n * 10);
    },
    /** Lets every statement out so far answer. */
    async finish() {
      while (waiting.length) waiting.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  const fail = (n: number) => {
    if (down) throw new Error('connection terminated');
    if (n === bad) throw new ConstraintError(`row ${n} breaks a constraint`);
    if (store.lockHeld && keyOf(n) === String(locked)) throw new LockTimeout(`row ${n} waited too long for a lock`);
  };
  return store;
}

const keyOf = (n: number) => String(n % 100);
const afterFailure = (err: unknown): AfterFailure => (err instanceof ConstraintError ? 'retry-alone' : err instanceof LockTimeout ? 'hold-key' : 'fail');
class Busy extends Error {
  constructor(readonly retryAfterMs: number) {
    super('busy');
  }
}

/** The batcher's clock, moved by hand. */
const clock = { ms: 0 };
beforeEach(() => {
  clock.ms = 0;
});

function batcher(store: Pick<ReturnType<typeof heldStore>, 'writeOne' | 'writeMany'>, maxInFlight: number, maxBatch = 50) {
  return new InsertBatcher({ ...store, afterFailure, keyOf, holdMs: 1_000, maxHoldMs: 8_000, refusal: (ms) => new Busy(ms), probeWaitMs: 200, maxInFlight, maxBatch, now: () => clock.ms });
}

const outcome = (write: Promise<number>) => write.then(String, (err: Error) => (err instanceof Busy ? 'busy' : err.message));

describe('InsertBatcher', () => {
  it('sends each write alone while fewer than maxInFlight are out, with no wait', async () => {
    const store = heldStore();
    const line = batcher(store, 2);
    const first = line.write(1);
    const second = line.write(2);
    expect(store.alone).toEqual([1, 2]);
    await store.finish();
    await expect(Promise.all([first, second])).resolves.toEqual([10, 20]);
    expect(store.together).toEqual([]);
  });

  it('gathers the writes that arrive while statements are out, at most maxBatch a statement, in their order', async () => {
    const store = heldStore();
    const line = batcher(store, 1, 3);
    const writes = [1, 2, 3, 4, 5, 6].map((n) => line.write(n));
    expect(store.alone).toEqual([1]);
    await store.finish();
    expect(store.together).toEqual([[2, 3, 4]]);
    await store.finish();
    // Two left: they still go together.
    expect(store.together).toEqual([[2, 3, 4], [5, 6]]);
    await store.finish();
    await expect(Promise.all(writes)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('tries each write of a batch that a row failed alone, one after another: only the bad one fails', async () => {
    const store = heldStore({ bad: 3 });
    const line = batcher(store, 1);
    const writes = [1, 2, 3, 4].map((n) => line.write(n).catch((err: Error) => err.message));
    await store.finish();
    await store.finish();
    expect(store.together).toEqual([[2, 3, 4]]);
    // One at a time: the retries hold no more connections than the batch did.
    expect(store.alone).toEqual([1, 2]);
    await store.finish();
    expect(store.alone).toEqual([1, 2, 3]);
    await store.finish();
    await store.finish();
    expect(store.alone).toEqual([1, 2, 3, 4]);
    await expect(Promise.all(writes)).resolves.toEqual([10, 20, 'row 3 breaks a constraint', 40]);
    // The batcher goes on after a failure.
    const later = line.write(7);
    await store.finish();
    await expect(later).resolves.toBe(70);
  });

  it('fails the whole batch, with no retries, when the failure is not one a row could cause', async () => {
    const store = heldStore({ down: true });
    const line = batcher(store, 1);
    const writes = [1, 2, 3].map((n) => line.write(n).catch((err: Error) => err.message));
    await store.finish();
    await store.finish();
    await expect(Promise.all(writes)).resolves.toEqual(['connection terminated', 'connection terminated', 'connection terminated']);
    expect(store.together).toEqual([[2, 3]]);
    expect(store.alone).toEqual([1]);
  });

  it('fails a batch that was not answered once per write, rather than answer a write wrongly', async () => {
    const wrong = batcher({ writeOne: async (n: number) => n * 10, writeMany: async (ns: number[]) => ns.slice(1).map((n) => n * 10) }, 1);
    const first = wrong.write(1);
    const rest = [2, 3].map((n) => wrong.write(n).catch((err: Error) => err.message));
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(rest)).resolves.toEqual(['a batch of 2 writes was answered 1 times', 'a batch of 2 writes was answered 1 times']);
  });

  it('after a lock wait gave up, tries the batch alone: only the first write for the held key waits, the rest of that key are refused at once', async () => {
    const store = heldStore({ locked: 3 });
    const line = batcher(store, 1);
    const writes = [1, 2, 3, 103, 4].map((n) => outcome(line.write(n)));
    await store.finish();
    expect(store.together).toEqual([[2, 3, 103, 4]]);
    for (let i = 0; i < 4; i++) await store.finish();
    // 103 shares 3's key: refused without a statement of its own.
    expect(store.alone).toEqual([1, 2, 3, 4]);
    await expect(Promise.all(writes)).resolves.toEqual(['10', '20', 'busy', 'busy', '40']);
  });

  it('refuses writes for a held key at once, with how long is left; once the hold ends, a write of that key goes alone, as a probe', async () => {
    const store = heldStore({ locked: 5 });
    const line = batcher(store, 1);
    const first = outcome(line.write(5));
    await store.finish();
    await expect(first).resolves.toBe('busy');
    clock.ms += 400;
    // Never queued: no statement goes out for it.
    const refused = line.write(105).catch((err: Busy) => err);
    expect(store.alone).toEqual([5]);
    await expect(refused).resolves.toEqual(expect.objectContaining({ retryAfterMs: 600 }));
    // What the key's writes that go another way are told meanwhile.
    expect(line.refusalWhileHeld('5')).toEqual(expect.objectContaining({ retryAfterMs: 600 }));
    expect(line.refusalWhileHeld('6')).toBeNull();
    // Other keys go on as usual meanwhile.
    const other = line.write(6);
    await store.finish();
    await expect(other).resolves.toBe(60);
    // The hold ends; the lock went meanwhile. The probe goes alone, the others of the batch together.
    clock.ms += 600;
    store.lockHeld = false;
    const beforeThem = line.write(1);
    const writes = [205, 7, 8].map((n) => line.write(n));
    await store.finish();
    await store.finish();
    await store.finish();
    await expect(Promise.all([beforeThem, ...writes])).resolves.toEqual([10, 2050, 70, 80]);
    expect(store.together).toEqual([[7, 8]]);
    expect(store.alone).toEqual([5, 6, 1, 205]);
    // The probe got through: the key's writes go in batches again.
    expect(line.refusalWhileHeld('5')).toBeNull();
    const again = [10, 305, 9].map((n) => line.write(n));
    await store.finish();
    await store.finish();
    await expect(Promise.all(again)).resolves.toEqual([100, 3050, 90]);
    expect(store.together).toEqual([
      [7, 8],
      [305, 9],
    ]);
  });

  it('holds a key twice as long each time a probe finds its lock still held, up to the longest hold', async () => {
    const store = heldStore({ locked: 4 });
    const line = batcher(store, 1);
    const holds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const probe = outcome(line.write(4 + 100 * i));
      // A probe goes out after the batch's other writes (none here): a turn later.
      await store.finish();
      await store.finish();
      await expect(probe).resolves.toBe('busy');
      const err = (await line.write(4).catch((e: Busy) => e)) as Busy;
      holds.push(err.retryAfterMs);
      clock.ms += err.retryAfterMs;
    }
    expect(holds).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    // Every probe was one statement alone; nothing else met the lock.
    expect(store.alone).toEqual([4, 104, 204, 304, 404, 504]);
  });

  it('holds a key once when both statements out meet its lock: the first hold is not doubled', async () => {
    const store = heldStore({ locked: 5 });
    const line = batcher(store, 2);
    const writes = [5, 205].map((n) => outcome(line.write(n)));
    await store.finish();
    expect(store.alone).toEqual([5, 205]);
    await expect(Promise.all(writes)).resolves.toEqual(['busy', 'busy']);
    expect(line.refusalWhileHeld('5')).toEqual(expect.objectContaining({ retryAfterMs: 1_000 }));
  });

  it('keeps the error of a write that failed for another reason, though its key was held meanwhile', async () => {
    const store = heldStore({ locked: 5, bad: 105 });
    const line = batcher(store, 2);
    const writes = [5, 105].map((n) => outcome(line.write(n)));
    await store.finish();
    await expect(Promise.all(writes)).resolves.toEqual(['busy', 'row 105 breaks a constraint']);
  });

  it('refuses the writes still queued for a key when it becomes held, rather than let them meet the lock again', async () => {
    const store = heldStore({ locked: 7 });
    const line = batcher(store, 1);
    const first = outcome(line.write(7));
    const queued = [107, 8, 207].map((n) => outcome(line.write(n)));
    await store.finish();
    await expect(first).resolves.toBe('busy');
    await store.finish();
    // Only 8 went out, alone: the batch had nothing else left.
    expect(store.together).toEqual([]);
    expect(store.alone).toEqual([7, 8]);
    await expect(Promise.all(queued)).resolves.toEqual(['busy', '80', 'busy']);
  });

  it('writes apart from the line: refused while their key is held, holding it when they give up on its lock, ending a hold that ran out', async () => {
    const store = heldStore({ locked: 5 });
    const line = batcher(store, 1);
    const lockTimeout = async (): Promise<number> => {
      throw new LockTimeout('waited too long');
    };
    // Giving up apart holds the key for the line too.
    await expect(line.writeApart(5, lockTimeout)).rejects.toEqual(expect.objectContaining({ retryAfterMs: 1_000 }));
    await expect(outcome(line.write(105))).resolves.toBe('busy');
    expect(store.alone).toEqual([]);
    // Refused at once while held: the store is not asked.
    let asked = false;
    await expect(
      line.writeApart(205, async () => {
        asked = true;
        return 1;
      }),
    ).rejects.toBeInstanceOf(Busy);
    expect(asked).toBe(false);
    // Another failure is its own, not BUSY.
    await expect(line.writeApart(6, () => Promise.reject(new Error('connection terminated')))).rejects.toThrow('connection terminated');
    // Once the hold has run out, getting through ends it.
    clock.ms += 1_000;
    await expect(line.writeApart(305, async () => 3050)).resolves.toBe(3050);
    expect(line.refusalWhileHeld('5')).toBeNull();
    store.lockHeld = false;
    const together = [1, 405, 7].map((n) => line.write(n));
    await store.finish();
    await store.finish();
    await expect(Promise.all(together)).resolves.toEqual([10, 4050, 70]);
    // No probe: the key's writes went in a batch again.
    expect(store.together).toEqual([[405, 7]]);
  });

  it('after a hold, lets one write at a time find out whether the lock has gone: the others are refused for the time that may take', async () => {
    const store = heldStore();
    const line = batcher(store, 1);
    const lockTimeout = async (): Promise<number> => {
      throw new LockTimeout('waited too long');
    };
    const slowly = () => {
      let answer!: (out: number) => void;
      let fail!: (err: Error) => void;
      const promise = new Promise<number>((resolve, reject) => ((answer = resolve), (fail = reject)));
      return { store: () => promise, answer, fail };
    };
    await expect(line.writeApart(5, lockTimeout)).rejects.toBeInstanceOf(Busy);
    clock.ms += 1_000;
    // Every write the hold refused comes back at about the same moment: one probes, the rest are
    // refused with the time its lock wait may still take, the line's own writes too.
    const first = slowly();
    const probe = line.writeApart(105, first.store);
    await expect(line.writeApart(205, async () => 2050)).rejects.toEqual(expect.objectContaining({ retryAfterMs: 200 }));
    clock.ms += 50;
    await expect(line.writeApart(305, async () => 3050)).rejects.toEqual(expect.objectContaining({ retryAfterMs: 150 }));
    await expect(outcome(line.write(405))).resolves.toBe('busy');
    expect(store.alone).toEqual([]);
    // A probe slower than a lock wait (waiting for a connection) holds the others back no longer.
    clock.ms += 150;
    const second = slowly();
    const probeToo = line.writeApart(505, second.store);
    // The first finds the lock still there: held again, twice as long, whatever the second does.
    first.fail(new LockTimeout('waited too long'));
    await expect(probe).rejects.toEqual(expect.objectContaining({ retryAfterMs: 2_000 }));
    second.answer(5050);
    await expect(probeToo).resolves.toBe(5050);
    // The second got through: the hold is over, and the key's writes go as any other's.
    expect(line.refusalWhileHeld('5')).toBeNull();
    await expect(line.writeApart(605, async () => 6050)).resolves.toBe(6050);
    // A probe that fails for another reason leaves the next write free to probe at once.
    await expect(line.writeApart(15, lockTimeout)).rejects.toBeInstanceOf(Busy);
    clock.ms += 1_000;
    await expect(line.writeApart(115, () => Promise.reject(new Error('connection terminated')))).rejects.toThrow('connection terminated');
    await expect(line.writeApart(215, async () => 2150)).resolves.toBe(2150);
  });
});
