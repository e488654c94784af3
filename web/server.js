// The web process: serves the Remix app and passes /api and /socket.io through to the API, so the
// browser talks to one origin (one cookie, no CORS). Plain ESM so it runs without a build step.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import compression from 'compression';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { createRequestHandler } from '@remix-run/express';
import { contentSecurityPolicy, sameOriginWrites } from './security.js';
import { anonymousPageCache } from './page-cache.js';
import { wholeAnswerCompression } from './whole-answer-compression.js';
import { whileApiStarts } from './starting.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const isDevelopment = process.env.NODE_ENV === 'development';
const port = Number(process.env.PORT || 3000);
// Loopback by default: reachable from other machines only when HOST says so (docker-compose does).
const host = process.env.HOST || '127.0.0.1';
const apiUrl = process.env.API_URL || `http://127.0.0.1:${process.env.API_PORT || 3001}`;

const app = express();
app.disable('x-powered-by');
// Behind a reverse proxy, req.ip and X-Forwarded-For must come from it, not from the browser.
app.set('trust proxy', 'loopback');

app.use((req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // No other site may learn which page someone came from, least of all after a quick exit.
  // `same-origin`, not `no-referrer`: under no-referrer browsers send `Origin: null` with our own
  // form posts, and Remix then refuses every form sent without JavaScript as a possible CSRF.
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
});

// Proxies come before compression: compression would buffer streamed answers and websockets.
const onProxyError = (error, req, res) => {
  // The API is down or restarting: answer like the API would, in problem+json.
  if (res && typeof res.writeHead === 'function' && !res.headersSent) {
    res.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '5' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The API cannot be reached right now.', code: 'INTERNAL' }));
  } else if (res && typeof res.destroy === 'function') {
    res.destroy();
  }
};
const apiProxy = createProxyMiddleware({ target: apiUrl, pathFilter: '/api', xfwd: true, on: { error: onProxyError } });
const socketProxy = createProxyMiddleware({ target: apiUrl, pathFilter: '/socket.io', ws: true, xfwd: true, on: { error: onProxyError } });
app.use(onlyUnder('/api', apiProxy));
app.use(onlyUnder('/socket.io', socketProxy));

/**
 * `proxy` for paths under `prefix`. The proxy's own filter runs `url.parse` on every request that
 * reaches it (1.3 % of the web's CPU on a page); a path that plainly lies elsewhere now passes by.
 * For a URL that starts with one slash, its filter and `startsWith` agree; anything else (`//…`,
 * where url.parse may read a host, `/\…`, which it reads the same way) still meets its filter.
 */
function onlyUnder(prefix, proxy) {
  const plainPath = (url) => url[0] === '/' && url[1] !== '/' && url[1] !== '\\';
  return (req, res, next) => (plainPath(req.url) && !req.url.startsWith(prefix) ? next() : proxy(req, res, next));
}

// After the proxies: the API judges its own requests (it knows CORS_ORIGIN); everything else the
// web answers must come from this site, and its pages run only the scripts they name.
app.use(sameOriginWrites(path.join(here, '../locales')));
app.use(contentSecurityPolicy({ development: isDevelopment }));

app.use(compression());

// Loaders call the API server-to-server; they pass this on so the API throttles per person.
app.use((req, _res, next) => {
  const address = req.socket.remoteAddress;
  if (address) {
    const previous = req.headers['x-forwarded-for'];
    req.headers['x-forwarded-for'] = previous ? `${previous}, ${address}` : address;
  }
  next();
});

let build;
if (isDevelopment) {
  const vite = await import('vite');
  const viteServer = await vite.createServer({ root: here, server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule('virtual:remix/server-build');
} else {
  // Hashed file names never change, so browsers may keep them for a year.
  app.use('/assets', express.static(path.join(here, 'build/client/assets'), { immutable: true, maxAge: '1y' }));
  // Only a path under one of build/client's own entries (favicon.svg, sw.js, icons/ …) can be a file
  // there: every other request (each page) skips the file-system lookup it would otherwise cost.
  const clientDir = path.join(here, 'build/client');
  const clientEntries = new Set(fs.readdirSync(clientDir));
  const clientFiles = express.static(clientDir, { maxAge: '1h' });
  app.use((req, res, next) => (clientEntries.has(firstSegment(req.path)) ? clientFiles(req, res, next) : next()));
  build = await import(path.join(here, 'build/server/index.js'));
}

/** The first segment of a URL path, decoded as express.static decodes it ('' when undecodable). */
function firstSegment(urlPath) {
  const segment = urlPath.split('/')[1] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

// Pages need the API; until it first answers, a page that refreshes itself says it is starting.
app.use(whileApiStarts({ apiUrl, localesDir: path.join(here, '../locales') }));

// Pages and data answers are complete before they are sent: compress each in one go (see
// whole-answer-compression.js), in front of the page cache so a kept page is compressed per visitor
// with that visitor's nonce in it.
app.use(wholeAnswerCompression());

// Signed-out pages are the same for every visitor of a URL (and language): each is rendered at most
// once a second, not once per visitor (see page-cache.js). ANONYMOUS_PAGE_CACHE_MS=0 turns it off.
const anonymousPageMs = Number(process.env.ANONYMOUS_PAGE_CACHE_MS ?? (isDevelopment ? 0 : 1000));
app.use(anonymousPageCache({ ttlMs: Number.isFinite(anonymousPageMs) ? anonymousPageMs : 0 }));

const remixHandler = createRequestHandler({
  build,
  mode: isDevelopment ? 'development' : 'production',
  // The page's inline scripts carry this request's CSP nonce.
  getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
});
// Each request gets its own memo (see app/utils/request-memo.server.ts), shared by its loaders.
const requestMemo = (globalThis[Symbol.for('sorstars.web.requestMemo')] ??= new AsyncLocalStorage());
app.all('*', (req, res, next) => requestMemo.run(new Map(), () => remixHandler(req, res, next)));

// What Express itself fails on (a URL that does not decode, say) ends here. Its own last handler
// shows the error's stack, with the server's paths, whenever NODE_ENV is not `production`; only a
// developer's `npm run dev` should see that.
app.use((error, _req, res, next) => {
  if (isDevelopment || res.headersSent) return next(error);
  const given = Number(error?.status ?? error?.statusCode);
  const status = given >= 400 && given < 500 ? given : 500;
  if (status === 500) console.error(error);
  // What Express's own handler keeps of a client error: its headers (Allow, Content-Range).
  if (status < 500 && error.expose && error.headers) res.set(error.headers);
  res.status(status).type('text/plain').send(http.STATUS_CODES[status] ?? 'Error');
});

const server = app.listen(port, host, () => {
  console.log(`Sorstárs web listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (API: ${apiUrl})`);
});
server.on('error', (error) => {
  if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
  const why = error.code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
  console.error(`Sorstárs web: port ${port} ${why}. Stop what uses it, or choose another port with PORT (for example PORT=3100 npm start).`);
  process.exit(1);
});
// Socket.IO upgrades its connection to a websocket; pass those upgrades to the API as well.
// Any other upgrade is refused at once, rather than left open until the client gives up.
server.on('upgrade', (req, socket, head) => {
  if (req.url?.startsWith('/socket.io')) socketProxy.upgrade(req, socket, head);
  else socket.destroy();
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
