/**
 * The service worker (web/public/sw.js) keeps a few public pages for offline use, the offline page
 * with the crisis lines, and shows Web Push messages. Registered from the root layout for the
 * whole site; quick exit and signing out tell it to forget everything.
 */
import { CHAT_QUEUE_PREFIX } from '~/components/chat/chat-state';

export const CACHE_PREFIX = 'sorstars-';
/** The worker's own caches the offline page reads (names as in sw.js). */
export const SHELL_CACHE = `${CACHE_PREFIX}shell-v1`;
export const READ_INDEX = '/__offline/read.json';
const SCOPE = '/';
let registration: ServiceWorkerRegistration | null = null;
let ready: Promise<ServiceWorkerRegistration> | null = null;

/** Registers the worker once; the promise settles when it is active. */
export function serviceWorkerReady(): Promise<ServiceWorkerRegistration> {
  if (!('serviceWorker' in navigator)) return Promise.reject(new Error('no service worker'));
  ready ??= navigator.serviceWorker.register('/sw.js', { scope: SCOPE }).then((registered) => {
    registration = registered;
    const worker = registered.active ?? registered.waiting ?? registered.installing;
    if (!worker || worker.state === 'activated') return registered;
    return new Promise<ServiceWorkerRegistration>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(registered)));
  });
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  serviceWorkerReady()
    .then((registration) => {
      // What this page loaded before the worker was there: its scripts, styles, language files and
      // itself; and the offline page in this page's language.
      const urls = [window.location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
      registration.active?.postMessage({ type: 'keep', urls, language: document.documentElement.lang });
    })
    .catch(() => {
      // No worker (private mode, old browser): the pages simply need a connection.
    });
}

/** Tells the worker a page was read (it keeps only public pages, see sw.js), for the offline page's list. */
export function rememberRead(url: string, title: string): void {
  if (!navigator.onLine) return; // read from a kept copy: nothing new to keep
  const worker = registration?.active ?? navigator.serviceWorker?.controller;
  worker?.postMessage({ type: 'read', url, title });
}

/**
 * Forgets every page, list, queued chat message and IndexedDB database kept for offline use
 * (quick exit, signing out). Does not wait.
 */
export function clearOfflineCopies(): void {
  try {
    // The worker finishes the job even after this page is gone.
    (registration?.active ?? navigator.serviceWorker?.controller)?.postMessage({ type: 'quick-exit' });
    if ('caches' in window) {
      void caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name))));
    }
    void window.indexedDB
      ?.databases?.()
      .then((dbs) => dbs.forEach((db) => db.name && window.indexedDB.deleteDatabase(db.name)))
      .catch(() => undefined);
    for (let i = window.sessionStorage.length - 1; i >= 0; i--) {
      const key = window.sessionStorage.key(i);
      if (key?.startsWith(CHAT_QUEUE_PREFIX)) window.sessionStorage.removeItem(key);
    }
  } catch {
    // Leaving matters more than tidying up.
  }
}
