/*
 * Sorstárs service worker, for the whole site (scope /). It keeps a few public pages readable with
 * no connection (a shelter's phone number is needed most where there is no signal), opens an
 * offline page with the crisis lines when nothing else can be shown, and shows Web Push messages.
 *
 * - Kept for offline reading (network first, the copy kept here when the network fails): resource
 *   pages, the saved list, the "Get help now" pages and stories. Both the HTML (a fresh load) and
 *   Remix's `.data` answers (a click inside the app) are kept; at most 50 of each kind.
 * - Never kept: API answers, chat, messages, mentoring, notifications, account pages — everything
 *   else goes to the network untouched. A page that cannot be loaded offline sends the browser to
 *   /offline, kept here as it was fetched *without cookies* (so it never shows who was signed in).
 * - /assets/* are hashed and never change: cache first. So are the icons.
 * - Quick exit and signing out post {type: 'quick-exit'} (and delete the caches themselves as
 *   well): everything kept here goes, so nobody finds which services or stories a person looked at.
 */
const PREFIX = 'sorstars-';
const PAGES = `${PREFIX}pages-v1`;
const LIST = `${PREFIX}list-v1`;
const ASSETS = `${PREFIX}assets-v1`;
const SHELL = `${PREFIX}shell-v1`;
const MAX_PAGES = 50;
/** The offline page and, kept beside it, the list of pages read (newest first). */
const OFFLINE_PATH = '/offline';
const READ_INDEX = '/__offline/read.json';
const MAX_READ = 20;
/** A kept HTML copy older than this is fetched again when its page is read inside the app. */
const REFRESH_AFTER_MS = 5 * 60 * 1000;

const UUID = '[0-9a-f-]{36}';
const KEPT_PAGES = [new RegExp(`^/resources/${UUID}(\\.data)?$`, 'i'), new RegExp(`^/stories/${UUID}(\\.data)?$`, 'i'), /^\/help(\/cover-your-tracks)?(\.data)?$/];
const MY_LIST = /^\/resources\/my-list(\.data)?$/;
const STATIC = /^\/(assets\/|icons\/|favicon\.svg$)/;

/**
 * Counts quick exits: work that started before one (a page still being kept, say) must not put
 * anything back into the caches just cleared.
 */
let epoch = 0;

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, LIST, ASSETS, SHELL]);
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && !keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

function cacheFor(url) {
  if (url.origin !== self.location.origin) return null;
  if (MY_LIST.test(url.pathname)) return LIST;
  if (KEPT_PAGES.some((pattern) => pattern.test(url.pathname))) return PAGES;
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

/**
 * Caches are opened only to put something in (opening one creates it): after a quick exit, work
 * already under way must leave no cache behind, not even an empty one.
 */
async function networkFirst(request, cacheName, started = epoch) {
  try {
    const response = await fetch(request);
    if (response.ok && started === epoch) {
      const cache = await caches.open(cacheName);
      // Deleting first moves the page to the end, so the order is "last viewed".
      await cache.delete(request);
      await cache.put(request, response.clone());
      if (cacheName === PAGES) await trim(cache);
    }
    return response;
  } catch (error) {
    const kept = (await caches.match(request, { cacheName })) ?? (await caches.match(request, { cacheName, ignoreSearch: true }));
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request, started = epoch) {
  const kept = await caches.match(request, { cacheName: ASSETS });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && started === epoch) await (await caches.open(ASSETS)).put(request, response.clone());
  return response;
}

/** The kept offline page; a redirect to it (a page may only hydrate at its own address). */
async function offlineAnswer(request) {
  const kept = await caches.match(OFFLINE_PATH, { cacheName: SHELL });
  if (!kept) return Response.error();
  return new URL(request.url).pathname === OFFLINE_PATH ? kept : Response.redirect(OFFLINE_PATH, 303);
}

async function navigate(request) {
  const url = new URL(request.url);
  const cacheName = cacheFor(url);
  try {
    return cacheName ? await networkFirst(request, cacheName) : await fetch(request);
  } catch {
    return offlineAnswer(request);
  }
}

/** Fetches and keeps the offline page, without cookies: it must not show who was signed in. */
async function keepOfflinePage(language, started) {
  const headers = language ? { 'Accept-Language': language } : {};
  const response = await fetch(new Request(OFFLINE_PATH, { credentials: 'omit', headers }));
  if (!response.ok) return;
  const html = await response.clone().text();
  if (started !== epoch) return;
  await (await caches.open(SHELL)).put(OFFLINE_PATH, response);
  // Its own scripts and styles (its route's module above all) may never have been loaded online.
  for (const asset of new Set(html.match(/\/assets\/[\w.-]+\.(?:js|css)/g) ?? [])) {
    try {
      await cacheFirst(new Request(asset), started);
    } catch {
      // Gone offline meanwhile: the page still shows, without its scripts.
    }
  }
}

async function readIndex() {
  const kept = await caches.match(READ_INDEX, { cacheName: SHELL });
  try {
    const entries = kept ? await kept.json() : [];
    return Array.isArray(entries) ? entries : [];
  } catch {
    return [];
  }
}

/**
 * A page someone read while online: remembered (title, when) for the offline page's "last read"
 * list, with an HTML copy so it opens from that list even after a click inside the app fetched
 * only its data.
 */
async function rememberRead(href, title, started) {
  const url = new URL(href, self.location.origin);
  const cacheName = cacheFor(url);
  if (!cacheName || url.pathname.endsWith('.data')) return;
  const path = url.pathname + url.search;
  const copy = await caches.match(path, { cacheName });
  const keptAt = copy ? Date.parse(copy.headers.get('date') ?? '') : NaN;
  if (!copy || !(Date.now() - keptAt < REFRESH_AFTER_MS)) await networkFirst(new Request(url), cacheName, started);
  // The saved list is kept (the offline page reads it) but is not a page "read".
  if (cacheName !== PAGES || started !== epoch) return;
  const entries = (await readIndex()).filter((entry) => entry.url !== path);
  entries.unshift({ url: path, title: String(title).slice(0, 200), savedAt: new Date().toISOString() });
  const body = JSON.stringify(entries.slice(0, MAX_READ));
  if (started !== epoch) return;
  await (await caches.open(SHELL)).put(READ_INDEX, new Response(body, { headers: { 'Content-Type': 'application/json' } }));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') return;
  if (STATIC.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  const cacheName = cacheFor(url);
  if (cacheName) event.respondWith(networkFirst(request, cacheName));
  // Everything else (the API, Socket.IO, other pages' data) is none of this worker's business.
});

async function clearEverything() {
  for (const name of await caches.keys()) if (name.startsWith(PREFIX)) await caches.delete(name);
}

self.addEventListener('message', (event) => {
  const message = event.data || {};
  const started = epoch;
  if (message.type === 'quick-exit') {
    epoch += 1;
    event.waitUntil(clearEverything());
  } else if (message.type === 'read' && typeof message.url === 'string') {
    event.waitUntil(rememberRead(message.url, message.title ?? '', started).catch(() => undefined));
  } else if (message.type === 'keep' && Array.isArray(message.urls)) {
    // The page that registered us loaded its scripts, styles and itself before we were there:
    // keep those now, so that page opens offline next time too; and the offline page itself.
    event.waitUntil(
      (async () => {
        try {
          await keepOfflinePage(typeof message.language === 'string' ? message.language : '', started);
        } catch {
          // Offline already: the copy kept last time stays.
        }
        for (const href of message.urls) {
          const url = new URL(href, self.location.origin);
          if (url.origin !== self.location.origin) continue;
          try {
            if (STATIC.test(url.pathname)) await cacheFirst(new Request(url), started);
            else if (cacheFor(url)) await networkFirst(new Request(url), cacheFor(url), started);
          } catch {
            // Offline already, or the page is gone: nothing to keep.
          }
        }
      })(),
    );
  }
});

// ---- Web Push ------------------------------------------------------------------------------

/** Only our own pages open from a notification. */
function ownPath(value) {
  try {
    const url = new URL(typeof value === 'string' ? value : '/notifications', self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search + url.hash : '/notifications';
  } catch {
    return '/notifications';
  }
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    // Not JSON: show the plain, content-free message below.
  }
  // JSON but not an object ("null", a number): reading fields of it must not throw before anything is shown.
  if (!data || typeof data !== 'object') data = {};
  const title = typeof data.title === 'string' && data.title ? data.title : 'Sorstárs';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      tag: typeof data.tag === 'string' ? data.tag : undefined,
      icon: '/icons/icon-192.png',
      data: { url: ownPath(data.url) },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openAt(ownPath(event.notification.data && event.notification.data.url)));
});

/** The site's window, focused and taken to `path`; a new window when none is open. */
async function openAt(path) {
  const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const same = open.find((client) => new URL(client.url).origin === self.location.origin);
  if (!same) return self.clients.openWindow(path);
  // The browser may refuse focus (it allows it only while the tap is fresh): the window is still
  // taken where the notification points rather than the click doing nothing.
  await same.focus().catch(() => undefined);
  if ('navigate' in same) return same.navigate(path).catch(() => self.clients.openWindow(path));
  return undefined;
}
