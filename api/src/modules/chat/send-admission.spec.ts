import { AppError } from '../../core/errors/app-error.js';
import { SendAdmission } from './send-admission.js';

/** A piece of work that runs until `release()`. */
function held<T>(value: T) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started = false;
  return {
    work: () => {
      started = true;
      return gate.then(() => value);
    },
    release,
    started: () => started,
  };
}

function expectBusy(refused: unknown) {
  expect(refused).toBeInstanceOf(AppError);
  expect((refused as AppError).code).toBe('BUSY');
  expect((refused as AppError).options.retryAfterMs).toBeGreaterThanOrEqual(250);
  expect((refused as AppError).options.retryAfterMs).toBeLessThan(500);
}

describe('SendAdmission', () => {
  it('with no wait, lets `max` sends run at once and refuses the next with BUSY and a retry hint', async () => {
    const admission = new SendAdmission(2);
    const a = held('a');
    const b = held('b');
    const running = [admission.run(a.work), admission.run(b.work)];
    expectBusy(await admission.run(async () => 'c').catch((err: unknown) => err));
    a.release();
    b.release();
    await expect(Promise.all(running)).resolves.toEqual(['a', 'b']);
    // Room again once they finished, also after a failure.
    await expect(admission.run(async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    await expect(admission.run(async () => 'd')).resolves.toBe('d');
  });

  it('lets sends wait for places that free within the wait, in the order they came', async () => {
    const admission = new SendAdmission(2, 5_000);
    const first = held('first');
    const second = held('second');
    const running = [admission.run(first.work), admission.run(second.work)];
    const a = held('a');
    const b = held('b');
    const waiting = [admission.run(a.work), admission.run(b.work)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([a.started(), b.started()]).toEqual([false, false]);
    second.release();
    await running[1];
    expect([a.started(), b.started()]).toEqual([true, false]);
    first.release();
    await running[0];
    expect(b.started()).toBe(true);
    a.release();
    b.release();
    await expect(Promise.all([...running, ...waiting])).resolves.toEqual(['first', 'second', 'a', 'b']);
    // Every place came back: two run at once again.
    const again = [held('x'), held('y')];
    const both = again.map((h) => admission.run(h.work));
    expect(again.every((h) => h.started())).toBe(true);
    again.forEach((h) => h.release());
    await expect(Promise.all(both)).resolves.toEqual(['x', 'y']);
  });

  it('never runs more than `max` at once while places are handed on', async () => {
    const admission = new SendAdmission(1, 5_000);
    let atOnce = 0;
    let most = 0;
    const work = async () => {
      atOnce++;
      most = Math.max(most, atOnce);
      await new Promise((resolve) => setImmediate(resolve));
      atOnce--;
    };
    const first = held(undefined);
    const running = admission.run(first.work);
    const runs = [admission.run(work)];
    first.release();
    await running;
    // Arrives while the first one's place goes to the one waiting: it waits its turn.
    runs.push(admission.run(work));
    await Promise.all(runs);
    expect(most).toBe(1);
  });

  it('refuses a send that waited its time out, and loses no place to it or to a send that throws at once', async () => {
    const admission = new SendAdmission(1, 30);
    const first = held('first');
    const running = admission.run(first.work);
    const started = Date.now();
    expectBusy(await admission.run(async () => 'late').catch((err: unknown) => err));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const next = admission.run(async () => 'next');
    first.release();
    await expect(Promise.all([running, next])).resolves.toEqual(['first', 'next']);
    // A failed send, thrown before its first await, gives its place back too.
    await expect(
      admission.run(() => {
        throw new Error('bad input');
      }),
    ).rejects.toThrow('bad input');
    const last = held('last');
    const lastRun = admission.run(last.work);
    expect(last.started()).toBe(true);
    last.release();
    await expect(lastRun).resolves.toBe('last');
  });

  it('refuses at once past `max` waiting', async () => {
    const admission = new SendAdmission(1, 5_000);
    const first = held('first');
    const running = admission.run(first.work);
    const waiting = admission.run(async () => 'waiting');
    const started = Date.now();
    expectBusy(await admission.run(async () => 'one too many').catch((err: unknown) => err));
    expect(Date.now() - started).toBeLessThan(1_000);
    first.release();
    await expect(Promise.all([running, waiting])).resolves.toEqual(['first', 'waiting']);
  });
});
