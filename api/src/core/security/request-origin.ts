/**
 * Who may change things: pure decisions over a request's headers, so the guard stays thin and the
 * rules are tested as a table. A browser says where a request comes from (`Origin`, and
 * `Sec-Fetch-Site` even where it leaves `Origin` out); other clients (scripts with an access token,
 * the web server's own loaders) send neither and are judged by their credentials alone.
 */
export interface RequestFacts {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The host the caller addressed, as Express reads it (X-Forwarded-Host only from a trusted proxy). */
  host: string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const changesState = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

const header = (facts: RequestFacts, name: string): string | undefined => {
  const value = facts.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A body is there when its length is announced as more than zero or it is sent in chunks. */
export function hasBody(facts: RequestFacts): boolean {
  const length = header(facts, 'content-length');
  if (length !== undefined) return Number(length) > 0;
  return header(facts, 'transfer-encoding') !== undefined;
}

/** `application/json` or a `+json` type such as `application/merge-patch+json`; parameters allowed. */
export function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

/**
 * Forms and `fetch` without a preflight can only send form, multipart or plain-text bodies across
 * sites; answering JSON alone closes that door (login CSRF sent a form to /api/auth/login).
 */
export const refusesBody = (facts: RequestFacts) => changesState(facts.method) && hasBody(facts) && !isJson(header(facts, 'content-type'));

/**
 * A state-changing request a browser sent from another site. Allowed origins: the one the caller
 * addressed (the web proxies /api with the browser's Host and Origin), and `CORS_ORIGIN`.
 * Requests with an access token are exempt: a browser never attaches one on its own.
 */
export function isCrossSite(facts: RequestFacts, corsOrigin: string | null): boolean {
  if (!changesState(facts.method) || header(facts, 'authorization')?.toLowerCase().startsWith('bearer ')) return false;
  const origin = header(facts, 'origin');
  if (origin === undefined) {
    // Older browsers leave Origin out of some requests but still say where they come from.
    const site = header(facts, 'sec-fetch-site');
    return site === 'cross-site' || site === 'same-site';
  }
  if (corsOrigin && origin === corsOrigin) return false;
  let host: string;
  try {
    // `Origin: null` (sandboxed frames, some redirects) does not parse, and is refused.
    host = new URL(origin).host;
  } catch {
    return true;
  }
  const addressed = [facts.host, header(facts, 'host')].filter(Boolean).map((h) => h!.toLowerCase());
  return !addressed.includes(host.toLowerCase());
}
