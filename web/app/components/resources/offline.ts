/**
 * The service worker (web/public/sw.js) keeps resource pages and the saved list for offline use.
 * Registered from the root layout; quick exit tells it to forget everything.
 */
const CACHE_PREFIX = 'sorstars-';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      // What this page loaded before the worker was there: its scripts, styles, language files and itself.
      const urls = [window.location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
      registration.active?.postMessage({ type: 'keep', urls });
    })
    .catch(() => {
      // No worker (private mode, old browser): the pages simply need a connection.
    });
}

/** Forgets every page and list kept for offline use. Does not wait: leaving comes first. */
export function clearOfflineCopies(): void {
  try {
    navigator.serviceWorker?.controller?.postMessage({ type: 'quick-exit' });
    if ('caches' in window) {
      void caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name))));
    }
  } catch {
    // Leaving matters more than tidying up.
  }
}
