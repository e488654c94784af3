import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { createElement as h, Suspense, type ReactElement } from 'react';
import { readDataHandoffAhead, type HandoffContext } from '../../web/app/utils/data-handoff.server.js';

/**
 * A page's data for the browser (Remix's single-fetch handoff stream), as the web server writes it:
 * - patches/@remix-run+server-runtime: the five-second time-out on writing it goes once it is
 *   written, instead of holding the page's data and context until it fires;
 * - web/app/utils/data-handoff.server.ts: the data is read before React renders, so the render
 *   takes one pass instead of suspending for each piece, and writes the same page.
 */
const require = createRequire(import.meta.url);
const { renderToString, renderToPipeableStream } = require('react-dom/server') as typeof import('react-dom/server');
type Encode = (data: unknown, requestSignal: AbortSignal, streamTimeout: number | undefined, serverMode: string) => ReadableStream<Uint8Array>;
const { encodeViaTurboStream } = require('@remix-run/server-runtime/dist/single-fetch.js') as { encodeViaTurboStream: Encode };
type StreamTransferProps = { context: unknown; identifier: number; reader: ReadableStreamDefaultReader<Uint8Array>; textDecoder: TextDecoder; nonce?: string };
const { StreamTransfer } = require('@remix-run/react/dist/single-fetch.js') as { StreamTransfer: (props: StreamTransferProps) => ReactElement | null };

const pageData = {
  loaderData: { root: { locale: 'hu', user: { id: 'u-1', username: 'kata' } }, 'routes/spaces.$slug': { messages: [{ id: 'm-1', body: 'Köszönöm <b>&</b> "szia" 🫂' }] } },
  actionData: null,
};

/**
 * The timers of `encodeViaTurboStream`'s length that `run` starts, and which of them it clears:
 * counted by handle, so other timers of the test process cannot move the count.
 */
async function dataTimeOuts(run: () => Promise<unknown>): Promise<{ started: unknown[]; cleared: unknown[] }> {
  const started: unknown[] = [];
  const cleared: unknown[] = [];
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    const handle = set(callback, ms);
    if (ms === 5_000) started.push(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
    if (started.includes(handle)) cleared.push(handle);
    return clear(handle);
  }) as typeof clearTimeout;
  try {
    await run();
  } finally {
    globalThis.setTimeout = set;
    globalThis.clearTimeout = clear;
  }
  return { started, cleared };
}

async function readToEnd(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
}

/** What `<RemixServer>` puts at the end of every page: the handoff, written as the stream allows. */
function handoff(context: HandoffContext, stream: ReadableStream<Uint8Array>): ReactElement {
  return h(Suspense, { fallback: 'NOT-YET' }, h(StreamTransfer, { context, identifier: 0, reader: stream.getReader(), textDecoder: new TextDecoder(), nonce: 'n0nce' }));
}

function contextFor(stream: ReadableStream<Uint8Array>): HandoffContext {
  // `<Scripts>` marks the page as having rendered its scripts before the handoff renders.
  return { serverHandoffStream: stream, renderMeta: { didRenderScripts: true }, future: { v3_singleFetch: true } };
}

/** The page as the web server renders it: every part ready, then written in one go. */
function renderWhole(element: ReactElement): Promise<{ html: string; errors: unknown[] }> {
  return new Promise((resolve, reject) => {
    let html = '';
    const errors: unknown[] = [];
    const page = new Writable({
      write(chunk: Buffer, _encoding, done) {
        html += chunk.toString('utf8');
        done();
      },
      final(done) {
        resolve({ html, errors });
        done();
      },
    });
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(page), onShellError: reject, onError: (error) => void errors.push(error) });
  });
}

/** A stream that gives these pieces one read at a time; an Error fails it there. */
function piecesOf(pieces: (Uint8Array | Error)[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else if (piece instanceof Error) controller.error(piece);
      else controller.enqueue(piece);
    },
  });
}

const ahead = (signal = new AbortController().signal, waitMs = 5_000) => ({ signal, waitMs });

/** The handoff rendered as Remix renders it, and as it renders after reading ahead. */
async function bothWays(makeStream: () => ReadableStream<Uint8Array>) {
  const streamed = makeStream();
  const asBefore = await renderWhole(handoff(contextFor(streamed), streamed));
  const stream = makeStream();
  const context = contextFor(stream);
  await readDataHandoffAhead(context, ahead());
  return { asBefore, readAhead: await renderWhole(handoff(context, stream)), cache: context.renderMeta?.streamCache ?? {} };
}

describe("a page's data for the browser", () => {
  it('leaves no time-out behind once it is written, and keeps it while data is still to come', async () => {
    const written = await dataTimeOuts(() => readToEnd(encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production')));
    expect(written.started).toHaveLength(1);
    expect(written.cleared).toEqual(written.started);

    // Data still to come (a promise): the time-out stays until the request ends.
    const request = new AbortController();
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    const waiting = await dataTimeOuts(async () => {
      reader = encodeViaTurboStream({ later: new Promise(() => undefined) }, request.signal, 5_000, 'production').getReader();
      await reader.read();
    });
    expect(waiting.started).toHaveLength(1);
    expect(waiting.cleared).toEqual([]);
    clearTimeout(waiting.started[0] as Parameters<typeof clearTimeout>[0]);
    await reader?.cancel();
  });

  it('is read before the render, so the render does not wait for it', async () => {
    const asItComes = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    // Unread, the handoff suspends even though the data is there: a synchronous render gives up.
    expect(renderToString(handoff(contextFor(asItComes), asItComes))).toContain('NOT-YET');

    const stream = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    const context = contextFor(stream);
    await readDataHandoffAhead(context, ahead());
    const html = renderToString(handoff(context, stream));
    expect(html).not.toContain('NOT-YET');
    expect(html).toContain('window.__remixContext.streamController.enqueue(');
    expect(html).toContain('Köszönöm');
    expect(html).toContain('window.__remixContext.streamController.close();');
  });

  it('makes the same page as the handoff read during the render', async () => {
    const { asBefore, readAhead } = await bothWays(() => encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production'));
    expect(readAhead).toEqual(asBefore);
    expect(asBefore.html).toContain('loaderData');
    expect(asBefore.errors).toEqual([]);
  });

  it('decodes a character cut between two pieces as the render would', async () => {
    const bytes = new TextEncoder().encode('"Hős ő"');
    const cut = bytes.indexOf(0xc5) + 1; // between the two bytes of "ő"
    const { asBefore, readAhead, cache } = await bothWays(() => piecesOf([bytes.slice(0, cut), bytes.slice(cut), new TextEncoder().encode('\n')]));
    expect(readAhead).toEqual(asBefore);
    expect(Object.values(cache).map((piece) => piece.result?.value)).toEqual(['"H', 'ős ő"', '\n', '']);
    expect(asBefore.html).toContain('ős ő');
    expect(asBefore.html).not.toContain('\uFFFD');
  });

  it('keeps a failed read as its error, which the page meets where it would have', async () => {
    const failure = new Error('the data could not be written');
    const { asBefore, readAhead, cache } = await bothWays(() => piecesOf([new TextEncoder().encode('[{"_1":2}]\n'), failure]));
    expect(cache[0].result).toEqual({ done: false, value: '[{"_1":2}]\n' });
    expect(cache[1].error).toBe(failure);
    expect(cache[2]).toBeUndefined();
    expect(readAhead).toEqual(asBefore);
    expect(asBefore.errors).toEqual([failure]);
  });

  it('stops waiting for data still to come when the request is aborted, or after waitMs', async () => {
    for (const stop of ['abort', 'wait'] as const) {
      const request = new AbortController();
      const stream = encodeViaTurboStream({ ...pageData, later: new Promise(() => undefined) }, request.signal, 5_000, 'production');
      const context = contextFor(stream);
      if (stop === 'abort') setTimeout(() => request.abort(new Error('the visitor left')), 20);
      await readDataHandoffAhead(context, ahead(request.signal, stop === 'wait' ? 20 : 5_000));
      const cache = context.renderMeta?.streamCache ?? {};
      expect(cache[0].result?.value).toContain('Köszönöm');
      expect(String(cache[1].error)).toMatch(stop === 'abort' ? /the visitor left/ : /not written in 20 ms/);
      // Released and ended: <RemixServer> takes its own reader, and the page renders what came.
      expect(stream.locked).toBe(false);
      const page = await renderWhole(handoff(context, stream));
      expect(page.html).toContain('Köszönöm');
      expect(page.errors).toEqual([cache[1].error]);
      request.abort();
    }
  });

  it('leaves a page without single fetch, or a request already aborted, alone', async () => {
    const stream = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    const context: HandoffContext = { ...contextFor(stream), future: { v3_singleFetch: false } };
    await readDataHandoffAhead(context, ahead());
    expect(context.renderMeta?.streamCache).toBeUndefined();
    expect(stream.locked).toBe(false);

    const gone = new AbortController();
    gone.abort();
    const other = contextFor(encodeViaTurboStream(pageData, gone.signal, 5_000, 'production'));
    await readDataHandoffAhead(other, ahead(gone.signal));
    expect(other.renderMeta?.streamCache).toBeUndefined();
  });
});
