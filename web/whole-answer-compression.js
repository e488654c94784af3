// Compresses an answer in one go once it is complete, on the request's own thread. Plain ESM
// beside server.js, so it runs without a build step.
//
// Pages are rendered whole before they are sent (entry.server.tsx), so streaming compression gains
// nothing on them and costs a great deal: the `compression` middleware hands each answer to zlib's
// thread pool in several jobs, and under load fifty brotli encoders are alive at once, each with its
// own window and tables in freshly touched memory. Measured on a 66 KB page (brotli quality 4, the
// middleware's own): 0.2 ms one-shot, 1–2.4 ms of CPU each as a stream when 8–50 run at once.
//
// Mounted after `compression()` (which still handles static files and answers too big to hold):
// an answer compressed here arrives there with its Content-Encoding set and passes through as is.
import zlib from 'node:zlib';
import compressible from 'compressible';
import Negotiator from 'negotiator';

// The same choice `compression` makes, brotli before gzip when the browser likes both equally, with
// Zstandard first where this Node has it (22.15 and later). Chrome and Edge (123+) and Firefox (126+)
// ask for it; Safari, and Node 20, keep brotli. Level 3, Zstandard's own default: seven signed-in
// pages came out 6 % bigger than brotli at quality 4 makes them and 3 % bigger than at level 5, for
// a quarter and a half of their CPU (110 against 419 and 220 µs a page on Node 24). On the
// 50-message space page, the page the web works hardest for, level 3 and 5 differ by 28 bytes of
// 12 KB, and level 5 took 360–460 µs against 154–250 in three runs (5 December 2026).
// Only to a browser that names it: `Accept-Encoding: *` (a crawler's, an old library's) keeps brotli,
// as compression() would give it.
const ZSTD = typeof zlib.zstdCompressSync === 'function';
const SUPPORTED = ['br', 'gzip', 'identity'];
const PREFERRED = ['br', 'gzip'];
const SUPPORTED_WITH_ZSTD = ['zstd', ...SUPPORTED];
const PREFERRED_WITH_ZSTD = ['zstd', ...PREFERRED];

/**
 * Express middleware. Answers of at least `threshold` bytes whose type compresses are compressed
 * once they end; an answer that grows past `maxBytes`, or whose headers went out before its body
 * (an event stream), is passed on as it comes, for `compression()` to stream.
 */
export function wholeAnswerCompression({ threshold = 1024, maxBytes = 1024 * 1024, brotliQuality = 4, zstdLevel = 3 } = {}) {
  return (req, res, next) => {
    const encoding = req.method === 'HEAD' ? undefined : encodingFor(req);
    if (encoding !== 'zstd' && encoding !== 'br' && encoding !== 'gzip') return next();

    // The functions below this middleware: compression()'s, which stream when given the chance.
    const write = res.write;
    const end = res.end;
    // Whatever wraps these wrappers later (the page cache) keeps its place: they are never swapped
    // back, they only stop holding once the answer has to stream.
    let chunks = [];
    let size = 0;
    let streaming = false;
    // From here on the answer streams: what was held goes first, in order.
    const passOn = () => {
      streaming = true;
      for (const chunk of chunks) write.call(res, chunk);
      chunks = [];
    };
    const hold = (chunk, chunkEncoding) => {
      const buffer = asBuffer(chunk, chunkEncoding);
      if (!buffer) return;
      size += buffer.length;
      chunks.push(buffer);
    };
    // compression()'s end takes no callback of its own: it is called when the answer has gone.
    const finish = (body, done) => {
      if (done) res.once('finish', done);
      return body ? end.call(res, body) : end.call(res);
    };

    res.write = function (chunk, chunkEncoding, callback) {
      if (!streaming && res.headersSent) passOn();
      if (streaming) return write.call(res, chunk, chunkEncoding, callback);
      hold(chunk, chunkEncoding);
      if (size > maxBytes) passOn();
      const written = typeof chunkEncoding === 'function' ? chunkEncoding : callback;
      if (typeof written === 'function') process.nextTick(written);
      return true;
    };

    res.end = function (chunk, chunkEncoding, callback) {
      const done = [chunk, chunkEncoding, callback].find((arg) => typeof arg === 'function');
      if (!streaming && res.headersSent) passOn();
      if (streaming) return finish(asBuffer(chunk, chunkEncoding), done);
      hold(chunk, chunkEncoding);
      if (size > maxBytes) {
        passOn();
        return finish(undefined, done);
      }
      // A page comes as one chunk (entry.server.tsx): Buffer.concat would copy it all the same.
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      chunks = [];
      streaming = true;
      // Nobody is waiting for it any more (the visitor left): no work for nothing.
      if (res.destroyed || !shouldCompress(res, body.length, threshold)) return finish(body, done);
      const compressed = compress(encoding, body, { brotliQuality, zstdLevel });
      res.vary('Accept-Encoding');
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', compressed.length);
      return finish(compressed, done);
    };
    next();
  };
}

// Browsers send one of a handful of Accept-Encoding headers, and negotiating afresh (parsing and
// sorting the header) was 0.8 % of the web's CPU on a page. Bounded: the header is the client's.
const encodingsChosen = new Map();
const ENCODINGS_KEPT = 100;

/** chooseEncoding for this request's Accept-Encoding, decided once per header seen. */
function encodingFor(req) {
  const header = req.headers['accept-encoding'] ?? '';
  if (encodingsChosen.has(header)) return encodingsChosen.get(header);
  const encoding = chooseEncoding(new Negotiator(req));
  if (encodingsChosen.size >= ENCODINGS_KEPT) encodingsChosen.clear();
  encodingsChosen.set(header, encoding);
  return encoding;
}

/** zstd, br, gzip or identity, as the request's Accept-Encoding allows. */
function chooseEncoding(negotiator) {
  const zstd = ZSTD && negotiator.encodings().some((name) => name.toLowerCase() === 'zstd');
  return negotiator.encoding(zstd ? SUPPORTED_WITH_ZSTD : SUPPORTED, zstd ? PREFERRED_WITH_ZSTD : PREFERRED);
}

/** The answer's body in the encoding chosen, in one call. */
function compress(encoding, body, { brotliQuality, zstdLevel }) {
  if (encoding === 'zstd') {
    return zlib.zstdCompressSync(body, { params: { [zlib.constants.ZSTD_c_compressionLevel]: zstdLevel }, pledgedSrcSize: body.length });
  }
  if (encoding === 'br') {
    return zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return zlib.gzipSync(body);
}

/** A chunk as res.write takes it (string, Buffer, Uint8Array), as a Buffer; null for none. */
function asBuffer(chunk, encoding) {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return null;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
}

function shouldCompress(res, length, threshold) {
  if (length < threshold || res.hasHeader('content-encoding')) return false;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader('cache-control') ?? ''))) return false;
  const type = String(res.getHeader('content-type') ?? '');
  return type !== '' && compressible(type) === true;
}
