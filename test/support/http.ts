import http from 'node:http';
import type { Response } from 'supertest';

let ipCounter = 0;

/**
 * A client address of its own for X-Forwarded-For (the API trusts it from loopback), so each test
 * has its own per-IP login budget.
 */
export function uniqueIp(): string {
  ipCounter += 1;
  return `10.${(process.pid >> 8) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** Asserts an RFC 9457 problem+json answer with this status and code; returns the body. */
export function expectProblem(res: Response, status: number, code: string) {
  const context = `${res.status} ${res.text}`;
  expect({ status: res.status, code: res.body?.code, context }).toEqual({ status, code, context });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code }),
  );
  expect(res.body.detail.length).toBeGreaterThan(0);
  return res.body as { type: string; title: string; status: number; detail: string; code: string; errors?: { path: string; message: string; code?: string }[] };
}

/** Asserts a 422 VALIDATION_FAILED naming `path` among its field errors. */
export function expectFieldError(res: Response, path: string, status = 422) {
  const body = expectProblem(res, status, 'VALIDATION_FAILED');
  expect(body.errors?.map((e) => e.path)).toContain(path);
  for (const e of body.errors ?? []) expect(e.message).not.toMatch(/^validation\./);
  return body;
}

/** No answer may carry a password, a hash of one, or a hash of a token or recovery code. */
export function expectNoSecrets(body: unknown, ...secrets: string[]) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/hash/i);
  expect(text).not.toMatch(/\$argon2/);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** An answer as it travels: node:http, unlike fetch, leaves a compressed body compressed. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function rawRequest(url: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
