import { Writable } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import type { ReactNode } from 'react';
import { createInstance, type i18n } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { isLocale } from '@sorstars/shared';
import { readDataHandoffAhead } from './utils/data-handoff.server';
import { resolveLocale, resources } from './utils/i18n.server';
import { i18nOptions } from './utils/i18n';
import { NonceProvider } from './utils/nonce';
import { RememberedHtmlProvider, type RememberedHtml, type RememberedPart } from './utils/remembered-html';
import { htmlMemory, type HtmlMemory } from './utils/remembered-html.server';
import { rememberPlainTranslations } from './utils/remembered-translations.server';
import { requestMemo } from './utils/request-memo.server';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Set by web/server.js for each request; the page's Content-Security-Policy names it. */
    cspNonce?: string;
    /**
     * A session an action has just begun (registering): the page rendered in the same answer must
     * already be the signed-in one, though the browser's request still came without it.
     */
    freshSession?: string;
  }
}

export const streamTimeout = 5_000;

/**
 * The HTML of pages' repeated parts, kept for the next page that shows them unchanged
 * (remembered-html.server.ts), in at most MESSAGE_HTML_CACHE_MB megabytes (4 by default; counted as
 * two bytes a character, the most V8 takes): half for spaces' messages, a sixth for each other part,
 * so that one part's churn (a directory asked about at any time) cannot push the others out. Off in
 * development, where an edited component must show at once.
 */
const rememberedBytes = Number(process.env.MESSAGE_HTML_CACHE_MB ?? (process.env.NODE_ENV === 'development' ? 0 : 4)) * 1024 * 1024 || 0;
const rememberedParts: Record<RememberedPart, HtmlMemory> = {
  messages: htmlMemory({ maxChars: rememberedBytes / 2 / 2 }),
  agendaDays: htmlMemory({ maxChars: rememberedBytes / 6 / 2 }),
  resourceCards: htmlMemory({ maxChars: rememberedBytes / 6 / 2 }),
  homeSections: htmlMemory({ maxChars: rememberedBytes / 6 / 2 }),
};

/**
 * The root loader already decided the language (a signed-in person's choice first); reuse it so
 * the page and its <html lang> agree. If the root loader failed, detect it again.
 */
async function pageLocale(request: Request, context: EntryContext): Promise<string> {
  const rootData = context.staticHandlerContext.loaderData?.root as { locale?: unknown } | undefined;
  return isLocale(rootData?.locale) ? rootData.locale : resolveLocale(request);
}

/**
 * One i18next instance per language, made once: translating keeps no per-request state (nothing
 * calls changeLanguage on the server), and initialising one per request cost every page its share.
 * pageLocale answers one of the shipped locales, so there are at most six.
 */
const translators = new Map<string, Promise<i18n>>();
function translatorFor(lng: string): Promise<i18n> {
  let ready = translators.get(lng);
  if (!ready) {
    const instance = createInstance();
    ready = instance
      .use(initReactI18next)
      .init({ ...i18nOptions, lng, resources, react: { useSuspense: false } })
      .then(() => {
        rememberPlainTranslations(instance, requestMemo);
        return instance;
      });
    translators.set(lng, ready);
  }
  return ready;
}

/**
 * The page as a stream of one chunk. Given the buffer itself, a Response copies its bytes first
 * (the Fetch standard's "a copy of the bytes held"), and so did the whole-answer compression after
 * it: three copies of every page (10–100 KB) went through malloc, where one will do.
 */
function streamOf(page: Buffer): ReadableStream<Uint8Array> {
  // A default stream, not a byte stream: a byte stream takes over (detaches) the memory it is given,
  // and a small page's buffer is a slice of Node's shared pool.
  return new ReadableStream({
    start(controller) {
      controller.enqueue(page);
      controller.close();
    },
  });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? '';
  const instance = await translatorFor(await pageLocale(request, remixContext));
  await readDataHandoffAhead(remixContext, { signal: request.signal, waitMs: streamTimeout });

  // Every loader has finished before rendering starts (no deferred data), so streaming would only
  // cut the page into many small writes, each compressed and sent on its own: render it whole and
  // send it at once (one write, one compression call).
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const page = new Writable({
      // React listens for the destination's 'close' to abort a render cut short; this one closes only
      // after the page is whole, and the late abort then ended it a second time, building a Node error
      // (ERR_STREAM_ALREADY_FINISHED, with its stack) for every page.
      emitClose: false,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
        // Pages can show who is signed in, recovery codes or tokens; on a shared computer in a
        // shelter or a library, none of that may come back from a cache or the Back button.
        responseHeaders.set('Cache-Control', 'no-store');
        const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        chunks.length = 0;
        // Sent on the event loop's next turn, with the other pages finished in this one, as pages
        // went out before they took one render pass (data-handoff.server.ts). Sent the moment each
        // was whole, the light pages cost the web about 0.1 ms more of its main thread, and the
        // layout-only page 7–11 % of its rate side by side, more of it in the socket writes than
        // anywhere; sent this way, the same or less than before (docs/benchmarks.md, 6 December
        // 2026). What waits is the finished page and this function's scope, not a half-made render.
        setImmediate(() => resolve(new Response(streamOf(body), { headers: responseHeaders, status: responseStatusCode })));
        // The page is out: drop the abort timer, which would otherwise hold it for seconds more.
        clearTimeout(abortTimer);
        done();
      },
    });
    const inPage = (node: ReactNode) => <I18nextProvider i18n={instance}>{node}</I18nextProvider>;
    const remembered: Partial<Record<RememberedPart, RememberedHtml>> = {};
    for (const [part, memory] of Object.entries(rememberedParts) as [RememberedPart, HtmlMemory][]) remembered[part] = memory.forPage(inPage) ?? undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RememberedHtmlProvider value={remembered}>
            <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
          </RememberedHtmlProvider>
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(page);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already handled by error boundaries; log them once here.
          if (shellRendered) console.error(error);
        },
      },
    );
    const abortTimer = setTimeout(abort, streamTimeout + 1_000);
  });
}

/**
 * A page's data fetched by the browser (`.data`, when someone moves between pages with JavaScript)
 * is as personal as the page, which is never kept (above): on a shared computer in a shelter or a
 * library, a space's messages must not wait in the browser's cache for the next person. A route
 * that says otherwise keeps its own choice.
 */
export function handleDataRequest(response: Response): Response {
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  return response;
}
