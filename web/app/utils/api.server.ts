import http from 'node:http';
import https from 'node:https';
import { LAYOUT_ALONG_REQUEST_HEADER, LAYOUT_ALONG_RESPONSE_HEADER, type ProblemDetails } from '@sorstars/shared';
import { offerToCarryLayout } from './layout-along.server';

/**
 * The one door from the web server to the API. Loaders and actions call the API server-to-server,
 * acting for the person whose request they are answering: their cookie and language go along, and
 * any cookie the API sets (the `sid` session) comes back so the route can pass it on.
 */
const API_URL = (process.env.API_URL || `http://127.0.0.1:${process.env.API_PORT || 3001}`).replace(/\/$/, '');

/** A page must not hang because the API does; after this the API counts as unreachable. */
const TIMEOUT_MS = 10_000;

/** Anything with zod's safeParse, so this module does not depend on zod itself. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export type ApiSuccess<T> = { ok: true; status: number; data: T; setCookies: string[] };
export type ApiFailure = {
  ok: false;
  status: number;
  problem: ProblemDetails;
  /** True when the API could not be reached at all (down, restarting, timed out). */
  unreachable: boolean;
  /** Seconds, from Retry-After, when the API throttled the request. */
  retryAfter?: number;
  setCookies: string[];
};
export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

interface ApiOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** The shared schema the answer must match; without one the body is ignored (e.g. 204). */
  schema?: Parser<T>;
  /** The language the person sees the page in, so the API's messages match it. */
  locale?: string;
}

export async function api<T = undefined>(request: Request, path: string, options: ApiOptions<T> = {}): Promise<ApiResult<T>> {
  const method = options.method ?? 'GET';
  const headers = forwardedHeaders(request, options.locale);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Only a call asked in the page's language can carry the frame, which is read in that language.
  const carry = method === 'GET' && options.locale ? offerToCarryLayout(request, options.locale) : null;
  if (carry) headers[LAYOUT_ALONG_REQUEST_HEADER] = '1';

  let answer: RawAnswer;
  try {
    answer = await send(method, path, headers, body);
  } catch {
    carry?.(null);
    return unreachable();
  }
  carry?.(answer.status >= 200 && answer.status < 300 ? answer.header(LAYOUT_ALONG_RESPONSE_HEADER) : null);
  return answerOf(answer, method, path, options.schema);
}

/** What answerOf needs of an API answer, however it was fetched. */
interface RawAnswer {
  status: number;
  header(name: string): string | null;
  setCookies: string[];
  json(): Promise<unknown>;
}

/**
 * Kept-alive connections to the API. Node's http client, not fetch: under `npm run bench -- pages`
 * fetch was 9 % of the web's CPU, and a call through it costs ~3× one through http.request
 * (WHATWG streams, Headers and an AbortSignal per call). The agent closes an idle connection a
 * second before the API's announced keep-alive timeout.
 */
const apiUrl = new URL(API_URL);
const transport = apiUrl.protocol === 'https:' ? https : http;
const agent = new transport.Agent({ keepAlive: true });

function send(method: string, path: string, headers: Record<string, string>, body: string | undefined, retried = false): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = transport.request(`${API_URL}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        // Most answers come in one piece: read it as it is, without copying it into a new buffer first.
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 502,
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          setCookies: res.headers['set-cookie'] ?? [],
          json: async () => JSON.parse(text) as unknown,
        });
      });
    });
    const timer = setTimeout(() => req.destroy(new Error('the API did not answer in time')), TIMEOUT_MS);
    function fail(err: Error & { code?: string }) {
      clearTimeout(timer);
      // The API may close a kept-alive connection just as it is reused; a read is safe to ask again.
      if (!retried && req.reusedSocket && err.code === 'ECONNRESET' && method === 'GET') {
        send(method, path, headers, body, true).then(resolve, reject);
      } else reject(err);
    }
    req.on('error', fail);
    req.end(body);
  });
}

async function answerOf<T>(response: RawAnswer, method: string, path: string, schema: Parser<T> | undefined): Promise<ApiResult<T>> {
  const setCookies = response.setCookies;
  if (response.status >= 200 && response.status < 300) {
    if (!schema) return { ok: true, status: response.status, data: undefined as T, setCookies };
    const parsed = schema.safeParse(await readJson(response));
    if (!parsed.success) {
      // The API broke its contract; this is our bug, not the person's, so let the error boundary show it.
      throw new Error(`The API answer to ${method} ${path} did not match the shared schema`);
    }
    return { ok: true, status: response.status, data: parsed.data, setCookies };
  }

  // A proxy in front of a stopped API answers 502/503/504 without problem+json.
  const body = await readJson(response);
  const problem = isProblem(body) ? body : fallbackProblem(response.status);
  const retryAfter = Number(response.header('Retry-After'));
  return {
    ok: false,
    status: response.status,
    problem,
    unreachable: !isProblem(body) && response.status >= 502 && response.status <= 504,
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    setCookies,
  };
}

/**
 * Passes a browser's multipart form (a file upload) straight on to the API as it arrives, without
 * holding the file in the web server: the API checks its size and content. Answers like `api()`.
 */
export async function apiUpload<T>(request: Request, path: string, options: { schema: Parser<T>; locale?: string }): Promise<ApiResult<T>> {
  const headers = forwardedHeaders(request, options.locale);
  const type = request.headers.get('Content-Type');
  if (type) headers['content-type'] = type;
  let response: Response;
  try {
    response = await fetch(`${API_URL}${path}`, {
      method: 'POST',
      headers,
      body: request.body,
      // Node's fetch streams a request body only when told it may (half duplex).
      duplex: 'half',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS * 6),
    } as RequestInit);
  } catch {
    return unreachable();
  }
  return answerOf(
    { status: response.status, header: (name) => response.headers.get(name), setCookies: response.headers.getSetCookie(), json: () => response.json() },
    'POST',
    path,
    options.schema,
  );
}

/** Passes the API's cookies (a new or cleared `sid`) on to the browser. */
export function withApiCookies(result: { setCookies: string[] }, headers: Headers = new Headers()): Headers {
  for (const cookie of result.setCookies) headers.append('Set-Cookie', cookie);
  return headers;
}

function forwardedHeaders(request: Request, locale: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const cookie = request.headers.get('Cookie');
  if (cookie) headers.cookie = cookie;
  const language = locale ?? request.headers.get('Accept-Language');
  if (language) headers['accept-language'] = language;
  // server.js appends the browser's address; the API throttles per person, not per web server.
  const forwardedFor = request.headers.get('X-Forwarded-For');
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const userAgent = request.headers.get('User-Agent');
  if (userAgent) headers['user-agent'] = userAgent;
  return headers;
}

async function readJson(response: RawAnswer): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && 'status' in body && 'code' in body;
}

function fallbackProblem(status: number): ProblemDetails {
  const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : 'INTERNAL';
  return { type: 'about:blank', title: '', status, detail: '', code };
}

function unreachable(): ApiFailure {
  return { ok: false, status: 503, problem: fallbackProblem(503), unreachable: true, setCookies: [] };
}
