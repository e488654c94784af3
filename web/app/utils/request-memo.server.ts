import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * Work done once per page request, however many loaders ask: the root loader and the page's own
 * loader both want the signed-in person, and each used to cost an /api/me call. web/server.js runs
 * every Remix request inside this storage with a fresh Map; the registered symbol lets that plain
 * JS file and this bundled module share one AsyncLocalStorage.
 */
const KEY = Symbol.for('sorstars.web.requestMemo');
type Memo = Map<string, unknown>;
const scope = ((globalThis as Record<symbol, unknown>)[KEY] ??= new AsyncLocalStorage<Memo>()) as AsyncLocalStorage<Memo>;

/**
 * `compute()` once per request and key. Only reads (GET, HEAD) share answers: an action may change
 * what the API would say (signing in or out), so writes always ask again.
 */
export function oncePerRequest<T>(request: Request, key: string, compute: () => Promise<T>): Promise<T> {
  const memo = readsMemo(request);
  if (!memo) return compute();
  let pending = memo.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = compute();
    memo.set(key, pending);
  }
  return pending;
}

/** This request's memo, whatever its method, for work that depends on nothing a write changes. */
export function requestMemo(): Memo | undefined {
  return scope.getStore();
}

/** This page request's memo when it is a read (see oncePerRequest), else undefined. */
export function readsMemo(request: Request): Memo | undefined {
  const memo = scope.getStore();
  return memo && (request.method === 'GET' || request.method === 'HEAD') ? memo : undefined;
}
