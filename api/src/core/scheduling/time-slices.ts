import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long loops (listing a calendar, a reminder sweep) share the event loop with every other request.
 * `pause()` lets others have a turn once the loop has held it for `sliceMs`: each waiting request
 * then waits for at most one slice per step it takes (reading it, a database answer, …), not for
 * the whole loop, while a loop that finishes within one slice never waits at all.
 */
export function timeSlices(sliceMs = 2): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}
