import { InsertBatcher, type AfterFailure } from './insert-batcher.js';

class ConstraintError extends Error {}
class LockTimeout extends Error {}

/**
 * A store whose statements wait until `finish()`; it records what went out one by one and together
 * in the line, and aside. `bad`: the input that breaks a constraint; `locked`: the input whose lock
 * a statement in the line gives up on (aside it waits until `unlock()`); `down`: every statement
 * fails as with the database gone.
 */
function heldStore({ bad, locked, down = false }: { bad?: number; locked?: number; down?: boolean } = {}) {
  const alone: number[] = [];
  const together: number[][] = [];
  const aside: number[] = [];
  const waiting: (() => void)[] = [];
  const wait = () => new Promise<void>((resolve) => waiting.push(resolve));
  let release = () => {};
  const unlocked = new Promise<void>((resolve) => (release = resolve));
  const fail = (n: number) => {
    if (down) throw new Error('connection terminated');
    if (n === bad) throw new ConstraintError(`row ${n} breaks a constraint`);
    if (n === locked) throw new LockTimeout(`row ${n} waited too long for a lock`);
  };
  return {
    alone,
    together,
    aside,
    writeAside: async (n: number) => {
      aside.push(n);
      if (n === locked) await unlocked;
      return n * 10;
    },
    unlock: () => release(),
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
}

const afterFailure = (err: unknown): AfterFailure => (err instanceof ConstraintError ? 'retry-alone' : err instanceof LockTimeout ? 'set-aside' : 'fail');
const unused = async (): Promise<number> => {
  throw new Error('nothing is set aside here');
};

describe('InsertBatcher', () => {
  it('sends each write alone while fewer than maxInFlight are out, with no wait', async () => {
    const store = heldStore();
    const batcher = new InsertBatcher(store.writeOne, store.writeMany, afterFailure, store.writeAside, 2, 50);
    const first = batcher.write(1);
    const second = batcher.write(2);
    expect(store.alone).toEqual([1, 2]);
    await store.finish();
    await expect(Promise.all([first, second])).resolves.toEqual([10, 20]);
    expect(store.together).toEqual([]);
  });

  it('gathers the writes that arrive while statements are out, at most maxBatch a statement, in their order', async () => {
    const store = heldStore();
    const batcher = new InsertBatcher(store.writeOne, store.writeMany, afterFailure, store.writeAside, 1, 3);
    const writes = [1, 2, 3, 4, 5, 6].map((n) => batcher.write(n));
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
    const batcher = new InsertBatcher(store.writeOne, store.writeMany, afterFailure, store.writeAside, 1, 50);
    const writes = [1, 2, 3, 4].map((n) => batcher.write(n).catch((err: Error) => err.message));
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
    const later = batcher.write(7);
    await store.finish();
    await expect(later).resolves.toBe(70);
  });

  it('fails the whole batch, with no retries, when the failure is not one a row could cause', async () => {
    const store = heldStore({ down: true });
    const batcher = new InsertBatcher(store.writeOne, store.writeMany, afterFailure, store.writeAside, 1, 50);
    const writes = [1, 2, 3].map((n) => batcher.write(n).catch((err: Error) => err.message));
    await store.finish();
    await store.finish();
    await expect(Promise.all(writes)).resolves.toEqual(['connection terminated', 'connection terminated', 'connection terminated']);
    expect(store.together).toEqual([[2, 3]]);
    expect(store.alone).toEqual([1]);
  });

  it('fails a batch that was not answered once per write, rather than answer a write wrongly', async () => {
    const batcher = new InsertBatcher(
      async (n: number) => n * 10,
      async (ns: number[]) => ns.slice(1).map((n) => n * 10),
      afterFailure,
      unused,
      1,
      50,
    );
    const first = batcher.write(1);
    const rest = [2, 3].map((n) => batcher.write(n).catch((err: Error) => err.message));
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(rest)).resolves.toEqual(['a batch of 2 writes was answered 1 times', 'a batch of 2 writes was answered 1 times']);
  });

  it('sets aside the writes of a statement that gave up on a lock: the line goes on while they wait', async () => {
    const store = heldStore({ locked: 3 });
    const batcher = new InsertBatcher(store.writeOne, store.writeMany, afterFailure, store.writeAside, 1, 50);
    const writes = [1, 2, 3, 4].map((n) => batcher.write(n));
    await store.finish();
    expect(store.together).toEqual([[2, 3, 4]]);
    await store.finish();
    // The whole batch left the line; each of its writes goes its own way.
    expect(store.aside).toEqual([2, 3, 4]);
    await expect(Promise.all([writes[1], writes[3]])).resolves.toEqual([20, 40]);
    // The line is free for later writes while 3 still waits.
    const later = batcher.write(5);
    expect(store.alone).toEqual([1, 5]);
    await store.finish();
    await expect(later).resolves.toBe(50);
    let third: number | undefined;
    void writes[2].then((n) => (third = n));
    await store.finish();
    expect(third).toBeUndefined();
    store.unlock();
    await expect(Promise.all(writes)).resolves.toEqual([10, 20, 30, 40]);
  });

  it('sets aside a write that was alone in the line when its statement gave up on a lock', async () => {
    const store = heldStore({ locked: 1 });
    const batcher = new InsertBatcher(store.writeOne, store.writeMany, afterFailure, store.writeAside, 1, 50);
    const first = batcher.write(1);
    await store.finish();
    expect(store.aside).toEqual([1]);
    const second = batcher.write(2);
    await store.finish();
    await expect(second).resolves.toBe(20);
    store.unlock();
    await expect(first).resolves.toBe(10);
  });
});
