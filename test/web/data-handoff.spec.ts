import { createRequire } from 'node:module';

/**
 * A page's data for the browser (Remix's single-fetch handoff stream), as the web server writes it:
 * - patches/@remix-run+server-runtime: the five-second time-out on writing it goes once it is
 *   written, instead of holding the page's data and context until it fires.
 */
const require = createRequire(import.meta.url);
type Encode = (data: unknown, requestSignal: AbortSignal, streamTimeout: number | undefined, serverMode: string) => ReadableStream<Uint8Array>;
const { encodeViaTurboStream } = require('@remix-run/server-runtime/dist/single-fetch.js') as { encodeViaTurboStream: Encode };

const pageData = {
  loaderData: { root: { locale: 'hu', user: { id: 'u-1', username: 'kata' } }, 'routes/spaces.$slug': { messages: [{ id: 'm-1', body: 'Köszönöm <b>&</b> "szia" 🫂' }] } },
  actionData: null,
};

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

async function readToEnd(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
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
});
