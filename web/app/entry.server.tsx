import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { isLocale } from '@sorstars/shared';
import { i18nServer, resources } from './utils/i18n.server';
import { i18nOptions } from './utils/i18n';
import { NonceProvider } from './utils/nonce';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Set by web/server.js for each request; the page's Content-Security-Policy names it. */
    cspNonce?: string;
  }
}

export const streamTimeout = 5_000;

/**
 * The root loader already decided the language (a signed-in person's choice first); reuse it so
 * the page and its <html lang> agree. If the root loader failed, detect it again.
 */
async function pageLocale(request: Request, context: EntryContext): Promise<string> {
  const rootData = context.staticHandlerContext.loaderData?.root as { locale?: unknown } | undefined;
  return isLocale(rootData?.locale) ? rootData.locale : i18nServer.getLocale(request);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? '';
  const instance = createInstance();
  await instance.use(initReactI18next).init({
    ...i18nOptions,
    lng: await pageLocale(request, remixContext),
    resources,
    react: { useSuspense: false },
  });

  // Bots get the whole page at once; people get it streamed as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady';

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          // Pages can show who is signed in, recovery codes or tokens; on a shared computer in a
          // shelter or a library, none of that may come back from a cache or the Back button.
          responseHeaders.set('Cache-Control', 'no-store');
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
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
    setTimeout(abort, streamTimeout + 1_000);
  });
}
