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

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

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
function renderWhole(element: ReactElement): Promise<string> {
  return new Promise((resolve, reject) => {
    let html = '';
    const page = new Writable({
      write(chunk: Buffer, _encoding, done) {
        html += chunk.toString('utf8');
        done();
      },
      final(done) {
        resolve(html);
        done();
      },
    });
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(page), onShellError: reject });
  });
}

describe("a page's data for the browser", () => {
  it('leaves no time-out behind once it is written, and keeps one while it is not', async () => {
    const before = timers();
    await readToEnd(encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production'));
    expect(timers()).toBe(before);

    // Data still to come (a promise) keeps the time-out, until the request ends.
    const request = new AbortController();
    const reader = encodeViaTurboStream({ later: new Promise(() => undefined) }, request.signal, 5_000, 'production').getReader();
    await reader.read();
    expect(timers()).toBe(before + 1);
    request.abort();
    expect(timers()).toBe(before);
    await reader.cancel();
  });

  it('is read before the render, so the render does not wait for it', async () => {
    const asItComes = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    // Unread, the handoff suspends even though the data is there: a synchronous render gives up.
    expect(renderToString(handoff(contextFor(asItComes), asItComes))).toContain('NOT-YET');

    const stream = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    const context = contextFor(stream);
    await readDataHandoffAhead(context);
    const html = renderToString(handoff(context, stream));
    expect(html).not.toContain('NOT-YET');
    expect(html).toContain('window.__remixContext.streamController.enqueue(');
    expect(html).toContain('Köszönöm');
    expect(html).toContain('window.__remixContext.streamController.close();');
  });

  it('makes the same page as the handoff read during the render', async () => {
    const streamed = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    const asBefore = await renderWhole(handoff(contextFor(streamed), streamed));

    const stream = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    const context = contextFor(stream);
    await readDataHandoffAhead(context);
    expect(await renderWhole(handoff(context, stream))).toBe(asBefore);
    expect(asBefore).toContain('loaderData');
  });

  it('keeps a failed read as its error, for the render to meet where it would have', async () => {
    const failure = new Error('the data could not be written');
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      // The first piece comes, then the stream fails (a time-out, say).
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('[{"_1":2}]\n'));
        else controller.error(failure);
      },
    });
    const context = contextFor(stream);
    await readDataHandoffAhead(context);
    const cache = context.renderMeta?.streamCache ?? {};
    expect(cache[0].result).toEqual({ done: false, value: '[{"_1":2}]\n' });
    expect(cache[1].error).toBe(failure);
    expect(cache[2]).toBeUndefined();
  });

  it('leaves a page without single fetch alone', async () => {
    const stream = encodeViaTurboStream(pageData, new AbortController().signal, 5_000, 'production');
    const context: HandoffContext = { ...contextFor(stream), future: { v3_singleFetch: false } };
    await readDataHandoffAhead(context);
    expect(context.renderMeta?.streamCache).toBeUndefined();
    expect(stream.locked).toBe(false);
  });
});
