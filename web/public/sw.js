/*
 * Sorstárs service worker: keeps the saved list and the last 50 resource pages someone viewed
 * readable with no connection (a shelter's phone number is needed most where there is no signal).
 *
 * - Resource pages and the saved list: network first, the copy kept here when the network fails.
 *   Both the HTML (a fresh load) and Remix's `.data` answers (a click inside the app) are kept.
 * - /assets/* are hashed and never change: cache first.
 * - Nothing else is touched: no API answers, no account pages, nothing from other sites.
 * - Registered with the scope /resources/: no other page (chat, spaces) passes through it.
 * - Quick exit and signing out post {type: 'quick-exit'} (and delete the caches themselves as
 *   well): everything kept here goes, so nobody finds which services a person looked at, and a
 *   kept page's header does not show who was signed in.
 */
const PREFIX = 'sorstars-';
const PAGES = `${PREFIX}pages-v1`;
const LIST = `${PREFIX}list-v1`;
const ASSETS = `${PREFIX}assets-v1`;
const MAX_PAGES = 50;

const RESOURCE_PAGE = /^\/resources\/[0-9a-f-]{36}(\.data)?$/i;
const MY_LIST = /^\/resources\/my-list(\.data)?$/;

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, LIST, ASSETS]);
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && !keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

function cacheFor(url) {
  if (url.origin !== self.location.origin) return null;
  if (MY_LIST.test(url.pathname)) return LIST;
  if (RESOURCE_PAGE.test(url.pathname)) return PAGES;
  return null;
}

/** Oldest first (Cache keeps insertion order): only the newest MAX_PAGES pages of each kind stay. */
async function trim(cache) {
  const keys = await cache.keys();
  const pages = keys.filter((request) => !new URL(request.url).pathname.endsWith('.data'));
  const data = keys.filter((request) => new URL(request.url).pathname.endsWith('.data'));
  for (const group of [pages, data]) {
    for (const request of group.slice(0, Math.max(0, group.length - MAX_PAGES))) await cache.delete(request);
  }
}

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) {
      // Deleting first moves the page to the end, so the order is "last viewed".
      await cache.delete(request);
      await cache.put(request, response.clone());
      if (cacheName === PAGES) await trim(cache);
    }
    return response;
  } catch (error) {
    const kept = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith(cacheFirst(request));
    return;
  }
  const cacheName = cacheFor(url);
  if (cacheName) event.respondWith(networkFirst(request, cacheName));
});

async function clearEverything() {
  for (const name of await caches.keys()) if (name.startsWith(PREFIX)) await caches.delete(name);
}

self.addEventListener('message', (event) => {
  const message = event.data || {};
  if (message.type === 'quick-exit') {
    event.waitUntil(clearEverything());
  } else if (message.type === 'keep' && Array.isArray(message.urls)) {
    // The page that registered us loaded its scripts, styles and itself before we were there:
    // keep those now, so that page opens offline next time too.
    event.waitUntil(
      (async () => {
        for (const href of message.urls) {
          const url = new URL(href, self.location.origin);
          if (url.origin !== self.location.origin) continue;
          try {
            if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') await cacheFirst(new Request(url));
            else if (cacheFor(url)) await networkFirst(new Request(url), cacheFor(url));
          } catch {
            // Offline already, or the page is gone: nothing to keep.
          }
        }
      })(),
    );
  }
});
