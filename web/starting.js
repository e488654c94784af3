// What the web server says while the API is still starting (a fresh `npm start` builds and
// migrates for a few seconds after the web already answers): a calm, translated page that
// refreshes itself, instead of an error. Plain ESM beside server.js, so it runs without a build step.
import fs from 'node:fs';
import path from 'node:path';
import { preferredLanguage } from './security.js';

const RETRY_SECONDS = 5;
/** How long one health check may take before the API counts as not ready yet. */
const CHECK_TIMEOUT_MS = 1500;

const TITLE_KEY = 'site.starting.title';
const BODY_KEY = 'site.starting.body';

const lookup = (tree, key) => key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), tree);

/** The two strings of each language's common.json; English fills any gap. */
function loadTexts(localesDir) {
  const texts = new Map();
  for (const lang of fs.existsSync(localesDir) ? fs.readdirSync(localesDir) : []) {
    try {
      const common = JSON.parse(fs.readFileSync(path.join(localesDir, lang, 'common.json'), 'utf8'));
      const title = lookup(common, TITLE_KEY);
      const body = lookup(common, BODY_KEY);
      if (typeof title === 'string' && typeof body === 'string') texts.set(lang, { title, body });
    } catch {
      // A language without the file falls back to English.
    }
  }
  return texts;
}

function preferred(texts, acceptLanguage) {
  const lang = preferredLanguage(texts, acceptLanguage);
  if (lang) return { lang, ...texts.get(lang) };
  return { lang: 'en', ...(texts.get('en') ?? { title: 'Sorstárs is starting', body: 'This page will refresh by itself in a few seconds.' }) };
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** No script and no inline style, so the strict CSP needs no nonce; the meta refresh works without JavaScript. */
function page({ lang, title, body }) {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_SECONDS}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
</main>
</body>
</html>
`;
}

/**
 * Until the API's /api/health has answered once, page requests get the starting page (503 with
 * Retry-After). After that it is never checked again: an API that goes away later is the proxy's
 * and the pages' own error to report.
 */
export function whileApiStarts({ apiUrl, localesDir }) {
  const texts = loadTexts(localesDir);
  let ready = false;
  let pending = null;
  const check = () => {
    pending ??= fetch(new URL('/api/health', apiUrl), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })
      .then((res) => {
        if (res.ok) ready = true;
      })
      .catch(() => undefined)
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  return async (req, res, next) => {
    if (ready || !['GET', 'HEAD'].includes(req.method)) return next();
    await check();
    if (ready) return next();
    res
      .status(503)
      .set({ 'Retry-After': String(RETRY_SECONDS), 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' })
      .send(page(preferred(texts, req.headers['accept-language'])));
  };
}
