type StreamCache = Record<number, Promise<void> & { result?: { done: boolean; value: string }; error?: unknown }>;

/**
 * What this reads and fills of Remix's `EntryContext`, in its shape (entry.server.tsx passes the
 * context itself, so TypeScript holds the two together). Remix's own type would bring its Node
 * globals into the tests that import this.
 */
export interface HandoffContext {
  serverHandoffStream?: ReadableStream<Uint8Array>;
  renderMeta?: { didRenderScripts?: boolean; streamCache?: StreamCache };
  future: { v3_singleFetch?: boolean };
}

/**
 * Reads the page's data for the browser (Remix's single-fetch handoff stream) to its end before
 * React renders, into the cache Remix's `<StreamTransfer>` looks in first.
 *
 * Left to itself, `<StreamTransfer>` asks the stream for each piece during the render and suspends
 * until it comes, even when it is already there: a page took three render passes, each queued
 * behind every other page in the event loop, and the half-rendered page (all its HTML so far)
 * waited through them. Under load that kept some fifty pages alive at once, long enough for the
 * garbage collector to move them to its old generation. Our loaders finish before the render (no
 * deferred data), so the stream is whole at once and this costs no waiting.
 *
 * The cache holds what `<StreamTransfer>` itself would have put there: each piece decoded as it
 * decodes it, keyed from 0, the last one `done`; a failed read is kept as its error, which the
 * render then throws at the same place. Should data ever be still to come (a loader's promise),
 * this waits no longer than `waitMs`, and not after the request is aborted (Remix then stops the
 * stream's own time-out, and the stream would never end): the error it keeps then ends the render
 * of the handoff as an abort of the render would have.
 */
export async function readDataHandoffAhead(context: HandoffContext, { signal, waitMs }: { signal: AbortSignal; waitMs: number }): Promise<void> {
  const stream = context.serverHandoffStream;
  if (!stream || !context.renderMeta || !context.future.v3_singleFetch || signal.aborted) return;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const cache: StreamCache = {};
  let giveUp!: (reason: unknown) => void;
  const givenUp = new Promise<never>((_, reject) => (giveUp = reject));
  const timer = setTimeout(() => giveUp(new Error(`The page's data was not written in ${waitMs} ms`)), waitMs);
  const onAbort = () => giveUp(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (let identifier = 0; ; identifier++) {
      try {
        const { done, value } = await Promise.race([reader.read(), givenUp]);
        cache[identifier] = Object.assign(Promise.resolve(), { result: { done, value: decoder.decode(value, { stream: true }) } });
        if (done) break;
      } catch (error) {
        cache[identifier] = Object.assign(Promise.resolve(), { error });
        // A read still waiting ends with the stream.
        await reader.cancel(error).catch(() => undefined);
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  // `<RemixServer>` takes a reader of its own; with every piece cached it never reads from it.
  reader.releaseLock();
  context.renderMeta.streamCache = cache;
}
