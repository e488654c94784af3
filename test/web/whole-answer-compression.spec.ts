import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { wholeAnswerCompression } from '../../web/whole-answer-compression.js';
import { rawRequest, type RawAnswer } from '../support/http.js';

/**
 * web/whole-answer-compression.js, mounted as web/server.js mounts it (after `compression()`), in
 * front of a few made-up answers: a finished answer is compressed in one piece, the way the browser
 * asked, and everything it should not touch reaches the browser as `compression()` alone sent it.
 */
const PAGE = `<!doctype html><html lang="en"><body>${'<p>Thank you for today, see you on Tuesday</p>\n'.repeat(400)}</body></html>`;
const MAX_BYTES = 64 * 1024;

const LARGE = `${`${'row,'.repeat(8)}\n`.repeat(1000).repeat(4)}last\n`;

let server: http.Server;
let base: string;
/** What a middleware mounted after this one (as the page cache is) saw of the last answer. */
const seenBelow = { bytes: 0, ended: false };
/** Which callbacks the last /callbacks answer called. */
const called = { write: false, end: false };

beforeAll(async () => {
  const app = express();
  app.use(compression());
  app.use(wholeAnswerCompression({ maxBytes: MAX_BYTES }));
  app.use((_req, res, next) => {
    Object.assign(seenBelow, { bytes: 0, ended: false });
    const write = res.write;
    const end = res.end;
    const count = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) seenBelow.bytes += Buffer.byteLength(chunk);
    };
    res.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      count(chunk);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = function (this: unknown, chunk?: unknown, ...rest: unknown[]) {
      count(chunk);
      seenBelow.ended = true;
      return (end as (...args: unknown[]) => typeof res).call(this, chunk, ...rest);
    } as typeof res.end;
    next();
  });
  app.get('/page', (_req, res) => res.type('html').send(PAGE));
  app.get('/in-pieces', (_req, res) => {
    res.type('html');
    res.write(PAGE.slice(0, 100));
    res.write(Buffer.from(PAGE.slice(100, 5000)));
    res.end(PAGE.slice(5000));
  });
  // Remix writes a page's body as Uint8Array chunks.
  app.get('/uint8', (_req, res) => {
    res.type('html');
    res.write(new TextEncoder().encode(PAGE.slice(0, 3000)));
    res.end(new TextEncoder().encode(PAGE.slice(3000)));
  });
  app.get('/callbacks', (_req, res) => {
    Object.assign(called, { write: false, end: false });
    res.type('html');
    res.write(PAGE.slice(0, 3000), () => (called.write = true));
    res.end(PAGE.slice(3000), () => (called.end = true));
  });
  app.get('/small', (_req, res) => res.type('html').send('<p>hello</p>'));
  app.get('/picture', (_req, res) => res.type('png').send(Buffer.alloc(4096, 7)));
  app.get('/no-transform', (_req, res) => res.set('Cache-Control', 'no-transform').type('html').send(PAGE));
  app.get('/large', (_req, res) => {
    res.type('text/csv');
    for (let i = 0; i < 4; i++) res.write(`${'row,'.repeat(8)}\n`.repeat(1000));
    res.end('last\n');
  });
  app.get('/large-at-once', (_req, res) => res.type('text/csv').end(LARGE));
  app.get('/headers-first', (_req, res) => {
    res.type('html');
    res.flushHeaders();
    res.write(PAGE.slice(0, 2000));
    setTimeout(() => res.end(PAGE.slice(2000)), 20);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The answer as it travels, body still compressed. */
function get(path: string, acceptEncoding?: string, method = 'GET'): Promise<RawAnswer> {
  return rawRequest(`${base}${path}`, { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
}

/** Whether this Node can write Zstandard (22.15 and later; not 20). */
const ZSTD = typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';

function decoded(raw: RawAnswer): string {
  const encoding = raw.headers['content-encoding'];
  if (encoding === 'zstd') return (zlib as unknown as { zstdDecompressSync(body: Buffer): Buffer }).zstdDecompressSync(raw.body).toString('utf8');
  if (encoding === 'br') return zlib.brotliDecompressSync(raw.body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(raw.body).toString('utf8');
  return raw.body.toString('utf8');
}

describe('a finished answer is compressed in one piece', () => {
  it('with Zstandard when the browser takes it (as Chrome and Firefox do) and this Node has it, else brotli, its length known', async () => {
    const raw = await get('/page', 'gzip, deflate, br, zstd');
    expect(raw.headers['content-encoding']).toBe(ZSTD ? 'zstd' : 'br');
    expect(raw.headers['content-length']).toBe(String(raw.body.length));
    expect(raw.headers['transfer-encoding']).toBeUndefined();
    expect(raw.headers.vary).toMatch(/accept-encoding/i);
    expect(raw.body.length).toBeLessThan(PAGE.length / 10);
    expect(decoded(raw)).toBe(PAGE);
  });

  it('with brotli when the browser takes brotli and gzip alike but does not name Zstandard (as Safari does)', async () => {
    // `*` too: a crawler or an old library that sends it may not read Zstandard.
    for (const accepted of ['gzip, deflate, br', 'br, gzip', 'gzip, deflate, br, zstd;q=0', '*']) {
      const raw = await get('/page', accepted);
      expect(raw.headers['content-encoding']).toBe('br');
      expect(raw.headers['content-length']).toBe(String(raw.body.length));
      expect(decoded(raw)).toBe(PAGE);
    }
  });

  it('with gzip when that is all the browser takes, or when it prefers it', async () => {
    for (const accepted of ['gzip', 'br;q=0.5, gzip']) {
      const raw = await get('/page', accepted);
      expect(raw.headers['content-encoding']).toBe('gzip');
      expect(decoded(raw)).toBe(PAGE);
    }
  });

  it('written in pieces, it arrives as the pieces joined', async () => {
    const raw = await get('/in-pieces', 'br');
    expect(raw.headers['content-encoding']).toBe('br');
    expect(raw.headers['content-length']).toBe(String(raw.body.length));
    expect(decoded(raw)).toBe(PAGE);
  });

  it('written as Uint8Array chunks, as Remix writes, it arrives whole', async () => {
    const raw = await get('/uint8', 'br');
    expect(raw.headers['content-encoding']).toBe('br');
    expect(decoded(raw)).toBe(PAGE);
  });

  it('calls the write and end callbacks it was given', async () => {
    const raw = await get('/callbacks', 'gzip');
    expect(decoded(raw)).toBe(PAGE);
    expect(called).toEqual({ write: true, end: true });
  });

  it('not at all when the browser takes neither', async () => {
    for (const accepted of [undefined, 'identity', 'deflate;q=0, br;q=0, gzip;q=0']) {
      const raw = await get('/page', accepted);
      expect(raw.headers['content-encoding']).toBeUndefined();
      expect(raw.body.toString('utf8')).toBe(PAGE);
    }
  });
});

describe('what is left as it was', () => {
  it('an answer too small to gain anything', async () => {
    const raw = await get('/small', 'br');
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.body.toString('utf8')).toBe('<p>hello</p>');
  });

  it('a picture, which does not compress', async () => {
    const raw = await get('/picture', 'br, gzip');
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.body.equals(Buffer.alloc(4096, 7))).toBe(true);
  });

  it('an answer that says no-transform', async () => {
    const raw = await get('/no-transform', 'br');
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.body.toString('utf8')).toBe(PAGE);
  });

  it('a HEAD request gets headers and no body', async () => {
    const raw = await get('/page', 'br', 'HEAD');
    expect(raw.status).toBe(200);
    expect(raw.body.length).toBe(0);
  });
});

describe('answers it cannot hold go on as they come, for compression() to stream', () => {
  it.each(['/large', '/large-at-once'])('%s, past the limit, arrives whole, compressed as a stream', async (path) => {
    expect(LARGE.length).toBeGreaterThan(MAX_BYTES);
    const raw = await get(path, 'br');
    expect(raw.headers['content-encoding']).toBe('br');
    // Streamed: no length was known when the headers went out.
    expect(raw.headers['content-length']).toBeUndefined();
    expect(decoded(raw)).toBe(LARGE);
    // What is mounted below (the page cache) still saw all of it and its end.
    expect(seenBelow).toEqual({ bytes: LARGE.length, ended: true });
  });

  it('an answer whose headers went out first arrives whole', async () => {
    const raw = await get('/headers-first', 'gzip');
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers['content-length']).toBeUndefined();
    expect(decoded(raw)).toBe(PAGE);
  });
});
