import { clearOfflineCopies } from './offline';

/** A page that reveals nothing about where the person was. */
export const QUICK_EXIT_URL = 'https://www.google.com/search?q=weather';
/** Our own route that ends the session on the way out (see routes/quick-exit.tsx). */
export const QUICK_EXIT_PATH = '/quick-exit';
const DRAFT_PREFIX = 'sorstars:';
/** Two presses of Escape this close together leave the site. */
const DOUBLE_ESCAPE_MS = 1500;
/** Where the page's scripts put `leaveQuickly` for the early listener below. */
const LEAVE_HOOK = 'sorstarsLeaveQuickly';

function clearDrafts(storage: Storage) {
  for (let i = storage.length - 1; i >= 0; i--) {
    const key = storage.key(i);
    if (key?.startsWith(DRAFT_PREFIX)) storage.removeItem(key);
  }
}

/** Everything this site may have kept offline; each step may be unsupported or blocked. */
function clearOfflineData() {
  // Tells the service worker first, so nothing it is still keeping goes back into the caches.
  clearOfflineCopies();
  try {
    clearDrafts(window.localStorage);
    window.sessionStorage.clear();
    // The router saves scroll positions into sessionStorage as the page goes (pagehide, which fires
    // after this click); this listener comes after its own, so nothing is left behind.
    window.addEventListener('pagehide', () => window.sessionStorage.clear(), { once: true });
  } catch {
    // Storage can be blocked (private mode, settings); leaving matters more than tidying up.
  }
  // Fire and forget: none of these may hold up leaving.
  void window.caches?.keys().then((keys) => Promise.all(keys.map((key) => window.caches.delete(key)))).catch(() => undefined);
  void navigator.serviceWorker?.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister()))).catch(() => undefined);
  void window.indexedDB
    ?.databases?.()
    .then((dbs) => dbs.forEach((db) => db.name && window.indexedDB.deleteDatabase(db.name)))
    .catch(() => undefined);
}

/**
 * Leaves at once: offline data is wiped, the session ends on the server (a keepalive request that
 * outlives the page), and the current page is replaced in the history, so Back does not bring it up.
 */
export function leaveQuickly() {
  clearOfflineData();
  try {
    void fetch(QUICK_EXIT_PATH, { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
  } catch {
    // An old browser without keepalive: the link's own route still signs out without JavaScript.
  }
  window.location.replace(QUICK_EXIT_URL);
}

/** Hands `leaveQuickly` to the double-Escape listener, once the page's scripts run. */
export function offerLeaveQuickly() {
  (window as unknown as Record<string, unknown>)[LEAVE_HOOK] = leaveQuickly;
}

/**
 * The double-Escape listener, as a script inlined in every page's <head>: it listens from the first
 * byte, where a listener added by the page's scripts did nothing until they had loaded and run —
 * seconds on a slow phone, exactly when someone may need to leave. Once they run it calls
 * `leaveQuickly`; before that it does the same in brief: drafts and session storage go, the session
 * ends by a keepalive request (whose answer also clears the site's storage), and the page is
 * replaced by the neutral one. Plain ES2017, no imports: it runs as written.
 */
export const EARLY_QUICK_EXIT_SCRIPT = `(() => {
  let last = 0;
  addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.isComposing) return;
    const now = Date.now();
    if (now - last > ${DOUBLE_ESCAPE_MS}) { last = now; return; }
    last = 0;
    if (typeof window.${LEAVE_HOOK} === 'function') { window.${LEAVE_HOOK}(); return; }
    try {
      sessionStorage.clear();
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (key && key.startsWith(${JSON.stringify(DRAFT_PREFIX)})) localStorage.removeItem(key);
      }
    } catch (e) {}
    try { fetch(${JSON.stringify(QUICK_EXIT_PATH)}, { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(() => {}); } catch (e) {}
    location.replace(${JSON.stringify(QUICK_EXIT_URL)});
  });
})();`;
