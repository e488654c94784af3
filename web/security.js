// What the web server checks before Remix sees a request: where state-changing requests come from,
// and which scripts a page may run. Plain ESM beside server.js, so it runs without a build step.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import helmet from 'helmet';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request a browser sent from another site. Same-origin means the Origin's host is
 * the host the browser addressed (Host, or X-Forwarded-Host from a trusted proxy); with no Origin header, `Sec-Fetch-Site` (sent by every current
 * browser) decides, and clients that send neither (scripts, curl) are not browsers on a visit.
 */
export function isCrossSite(req) {
  if (SAFE_METHODS.has(req.method)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    return site === 'cross-site' || site === 'same-site';
  }
  let url;
  try {
    // `Origin: null` (sandboxed frames, opaque redirects) does not parse: refused.
    url = new URL(origin);
  } catch {
    return true;
  }
  if (url.host.toLowerCase() === String(req.headers.host ?? '').toLowerCase()) return false;
  // Behind a trusted proxy that rewrites Host, Express reads the browser's host from X-Forwarded-Host.
  return url.hostname.toLowerCase() !== String(req.hostname ?? '').toLowerCase();
}

/** The errors file of each language, for the one message this module shows a person. */
function loadMessages(localesDir) {
  const messages = new Map();
  for (const lang of fs.existsSync(localesDir) ? fs.readdirSync(localesDir) : []) {
    try {
      const errors = JSON.parse(fs.readFileSync(path.join(localesDir, lang, 'errors.json'), 'utf8'));
      if (typeof errors.CROSS_SITE_REQUEST === 'string') messages.set(lang, errors.CROSS_SITE_REQUEST);
    } catch {
      // A language without the file falls back to English.
    }
  }
  return messages;
}

/** The first language of Accept-Language that `available` (a Map keyed by language) has, or null. */
export function preferredLanguage(available, acceptLanguage) {
  for (const part of String(acceptLanguage ?? '').split(',')) {
    const lang = part.split(';')[0].trim().toLowerCase().split('-')[0];
    if (available.has(lang)) return lang;
  }
  return null;
}

function preferredMessage(messages, acceptLanguage) {
  return messages.get(preferredLanguage(messages, acceptLanguage) ?? 'en') ?? 'This request came from another website, so it was not carried out.';
}

/**
 * Every non-GET request to the web (page forms, `?_data=` fetches, resource routes like /logout)
 * must come from this site: otherwise another site could sign a visitor in as someone else or
 * out. Remix's own check missed `?_data=` requests and answered documents with a 500.
 */
export function sameOriginWrites(localesDir) {
  const messages = loadMessages(localesDir);
  return (req, res, next) => {
    if (!isCrossSite(req)) return next();
    res.status(403).type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send(preferredMessage(messages, req.headers['accept-language']));
  };
}

/**
 * A strict Content-Security-Policy with a fresh nonce per request: Remix's inline scripts carry it
 * (entry.server.tsx and root.tsx read it from the load context), nothing else inline may run.
 * Styles come from files only; in development Vite injects <style> tags, so only there inline
 * styles are allowed.
 */
export function contentSecurityPolicy({ development }) {
  const policy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
      styleSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      // Socket.IO: the same host over ws:/wss: (older browsers do not count those as 'self').
      connectSrc: [
        "'self'",
        (req) => `ws://${req.headers.host}`,
        (req) => `wss://${req.headers.host}`,
        // Vite's hot reload talks over a websocket of its own port.
        ...(development ? ['ws://localhost:*', 'ws://127.0.0.1:*'] : []),
      ],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  return (req, res, next) => {
    res.locals.cspNonce = freshNonce();
    policy(req, res, next);
  };
}

// A nonce is 16 bytes from the system's random source, used once. Asking for them 256 at a time
// (as Node's own randomUUID does) keeps a call into OpenSSL off every page (~1 % of the web's CPU).
const NONCE_BYTES = 16;
let nonceBytes = Buffer.alloc(0);
let nonceOffset = 0;
function freshNonce() {
  if (nonceOffset + NONCE_BYTES > nonceBytes.length) {
    nonceBytes = randomBytes(NONCE_BYTES * 256);
    nonceOffset = 0;
  }
  const nonce = nonceBytes.toString('base64', nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}
