import type { IncomingMessage } from 'node:http';

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/** `host[:port]` without a default port, lower case; null when it is not a host. */
function normaliseHost(value: string, protocol = 'http:'): string | null {
  try {
    const url = new URL(`${protocol}//${value.trim()}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return url.port && url.port !== DEFAULT_PORTS[protocol] ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return null;
  }
}

/**
 * Whether a Socket.IO handshake may go on, judged by its `Origin` (cross-site WebSocket hijacking:
 * a page elsewhere must not open a socket that carries someone's cookie). Allowed:
 * - no Origin at all: not a browser (bots and tests with tokens carry no one else's cookie);
 * - the site's own origin: the web server proxies /socket.io and keeps the browser's `Host`, so the
 *   page's Origin names the same host as the request (the same rule as Rails' Action Cable);
 * - the one extra origin configured as CORS_ORIGIN.
 * `X-Forwarded-Host` counts as the request's host too: a browser cannot set it on a WebSocket, and a
 * cross-origin polling request carrying it would need a preflight, which the API refuses.
 */
export function originAllowed(
  origin: string | undefined,
  headers: { host?: string; forwardedHost?: string },
  extraOrigin: string | null,
): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (!DEFAULT_PORTS[parsed.protocol]) return false;
  if (extraOrigin && safeOrigin(extraOrigin) === parsed.origin) return true;
  const own = normaliseHost(parsed.host, parsed.protocol);
  const requestHosts = [headers.host, headers.forwardedHost?.split(',')[0]]
    .filter((h): h is string => !!h)
    .map((h) => normaliseHost(h, parsed.protocol));
  return own !== null && requestHosts.includes(own);
}

function safeOrigin(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** Engine.IO's `allowRequest`: refuses handshakes from other sites before any upgrade. */
export function allowOwnOrigin(extraOrigin: string | null) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const forwarded = req.headers['x-forwarded-host'];
    const allowed = originAllowed(
      req.headers.origin,
      { host: req.headers.host, forwardedHost: Array.isArray(forwarded) ? forwarded[0] : forwarded },
      extraOrigin,
    );
    callback(allowed ? null : 'ORIGIN_NOT_ALLOWED', allowed);
  };
}
