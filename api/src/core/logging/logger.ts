import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { destination, pino } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * Structured logs with PII left out by default: no passwords, tokens, cookies, recovery codes,
 * e-mail addresses or message bodies. Request logs carry only method, path (without query), status and timing.
 */
export const REDACT_PATHS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'recoveryCode',
  'recoveryCodes',
  'body',
  // The e-mail channel's address, under whatever name it travels.
  'address',
  'email',
  'to',
  '*.address',
  '*.email',
  '*.to',
  '*.password',
  '*.token',
  '*.body',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

/**
 * Where log lines go: standard output for the API (what a process manager collects); the CLI
 * points it at standard error so its standard output holds only its answer (`> result.json`).
 */
let sink = destination(1);
const switchableSink = { write: (line: string) => sink.write(line) };

/** Sends every later log line to standard error (the CLI, before it starts any work). */
export function logToStderr(): void {
  sink = destination(2);
}

export const logger = pino(
  {
    level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'sorstars-api' },
  },
  switchableSink,
);

export const httpLogger = pinoHttp({
  logger,
  genReqId: (req: IncomingMessage, res: ServerResponse) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  },
  serializers: {
    // The path without its query string: queries can carry search words or tokens.
    req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
    res: (res: { statusCode: number }) => ({ status: res.statusCode }),
  },
  autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
});
