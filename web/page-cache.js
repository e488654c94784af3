// A few-second cache of the pages signed-out visitors see. Plain ESM beside server.js, so it runs
// without a build step.
//
// A signed-out page is the same for every visitor who sends the same URL, cookies (language,
// private browsing) and Accept-Language: rendering it anew for each of them cost the web its loaders,
// API calls and a React render per request. Within `ttlMs` the rendered page is answered again,
// with this request's CSP nonce in place of the one it was rendered with. Anything personal is never
// stored: requests with a session cookie, answers other than a page (200) or a redirect, answers
// that set cookies.
// Any write that passes through (a form's POST, signed in or not) empties the cache, so whoever
// made it sees its result on the next page, never the copy from before it (a feedback code
// answered a moment ago must not show its form again).

/** Whether a request may share its page with other signed-out visitors. */
export function isAnonymousPageRequest(req) {
  if (req.method !== 'GET') return false;
  // The same test the loaders use for "someone is signed in" (session.server.ts).
  if (String(req.headers.cookie ?? '').includes('sid=')) return false;
  // Single-fetch data requests (`/stories.data`) and old-style `?_data=` ones are not pages.
  if (req.path.endsWith('.data') || '_data' in req.query) return false;
  return true;
}

/**
 * Express middleware in front of the Remix handler. `ttlMs` 0 turns it off. At most `maxEntries`
 * pages of at most `maxBytes` each are kept (the key holds headers any visitor can choose), the
 * oldest dropped first.
 *
 * One render per page at a time: when a page expires under load, every visitor arriving in the
 * same moment used to render it again (fifty renders at once, once a second, were the slowest
 * answers of a busy site). Now the first renders it; the others get the copy that has just
 * expired (at most `ttlMs` past its time) or, when there is none, wait for that render
 * (at most `waitMs`, then render for themselves).
 */
export function anonymousPageCache({ ttlMs, maxEntries = 100, maxBytes = 512 * 1024, waitMs = 5000 }) {
  const pages = new Map();
  // Renders under way, by key. A write empties the pages and starts a new map of renders, so
  // neither a page rendered before it nor a visitor waiting on such a render sees the old page
  // afterwards: a render keeps its page only if its map is still the current one.
  let rendering = new Map();

  const answer = (res, kept, nonce) => {
    res.status(kept.status);
    for (const [name, value] of kept.headers) res.setHeader(name, value);
    res.end(kept.body.replaceAll(kept.nonce, nonce));
  };

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      pages.clear();
      rendering = new Map();
    }
    if (!(ttlMs > 0) || !isAnonymousPageRequest(req)) return next();
    const nonce = res.locals.cspNonce;
    if (!nonce) return next();
    const key = `${req.headers.host}\n${req.originalUrl}\n${req.headers.cookie ?? ''}\n${req.headers['accept-language'] ?? ''}`;
    const now = Date.now();
    const kept = pages.get(key);
    if (kept && kept.expires > now) return answer(res, kept, nonce);
    const underway = rendering.get(key);
    if (underway) {
      if (kept && kept.expires + ttlMs > now) return answer(res, kept, nonce);
      waitFor(underway, waitMs).then((page) => (page ? answer(res, page, nonce) : next()), next);
      return;
    }
    if (kept) pages.delete(key);

    let settle;
    const rendered = new Promise((resolve) => (settle = resolve));
    const renders = rendering;
    renders.set(key, rendered);
    const done = (page) => {
      if (renders.get(key) === rendered) renders.delete(key);
      settle(page);
    };
    // A visitor who leaves before the page is written takes no page with them.
    res.once('close', () => done(null));

    // Keep what the Remix handler writes (uncompressed: compression sits in front of this).
    const chunks = [];
    let size = 0;
    const write = res.write;
    const end = res.end;
    const collect = (chunk, encoding) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > maxBytes) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = function (chunk, encoding, callback) {
      collect(chunk, encoding);
      return write.call(this, chunk, encoding, callback);
    };
    res.end = function (chunk, encoding, callback) {
      collect(chunk, encoding);
      res.write = write;
      res.end = end;
      const contentType = String(res.getHeader('content-type') ?? '');
      let page = null;
      const isPage = res.statusCode === 200 && contentType.startsWith('text/html');
      // A signed-out visitor sent to the sign-in page: the same for everyone who asks this URL.
      const isRedirect = REDIRECTS.has(res.statusCode) && res.hasHeader('location');
      if ((isPage || isRedirect) && size <= maxBytes && !res.hasHeader('set-cookie')) {
        const headers = Object.entries(res.getHeaders()).filter(([name]) => !EXCLUDED_HEADERS.has(name));
        page = { expires: Date.now() + ttlMs, status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), nonce };
        if (renders === rendering) {
          pages.set(key, page);
          while (pages.size > maxEntries) pages.delete(pages.keys().next().value);
        }
      }
      done(page);
      return end.call(this, chunk, encoding, callback);
    };
    next();
  };
}

/** The page a render under way gives, or null when it gives none within `ms`. */
function waitFor(rendered, ms) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms, null)));
  return Promise.race([rendered, timeout]).finally(() => clearTimeout(timer));
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Headers each answer sets for itself: the CSP (its own nonce, set before this middleware), and
 * what compression decides per request.
 */
const EXCLUDED_HEADERS = new Set(['content-security-policy', 'content-length', 'content-encoding', 'vary', 'transfer-encoding']);
