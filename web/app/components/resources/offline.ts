/**
 * The service worker (web/public/sw.js) keeps resource pages and the saved list for offline use.
 * Registered from the root layout; quick exit tells it to forget everything.
 */
const CACHE_PREFIX = 'sorstars-';
/**
 * Only the directory's pages are the worker's: chat, spaces and everything else never pass
 * through it (their live connections stay exactly as they were).
 */
const SCOPE = '/resources/';
let registration: ServiceWorkerRegistration | null = null;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: SCOPE })
    .then((registered) => {
      registration = registered;
      const worker = registered.active ?? registered.waiting ?? registered.installing;
      if (!worker || worker.state === 'activated') return registered;
      return new Promise<ServiceWorkerRegistration>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(registered)));
    })
    .then((registration) => {
      // What this page loaded before the worker was there: its scripts, styles, language files and itself.
      const urls = [window.location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
      registration.active?.postMessage({ type: 'keep', urls });
    })
    .catch(() => {
      // No worker (private mode, old browser): the pages simply need a connection.
    });
}

/** Forgets every page and list kept for offline use (quick exit, signing out). Does not wait. */
export function clearOfflineCopies(): void {
  try {
    // The worker finishes the job even after this page is gone.
    (registration?.active ?? navigator.serviceWorker?.controller)?.postMessage({ type: 'quick-exit' });
    if ('caches' in window) {
      void caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name))));
    }
  } catch {
    // Leaving matters more than tidying up.
  }
}
