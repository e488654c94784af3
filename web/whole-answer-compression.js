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

// The same choice `compression` makes: brotli or gzip, brotli when the browser likes both equally.
const SUPPORTED = ['br', 'gzip', 'identity'];
const PREFERRED = ['br', 'gzip'];

/**
 * Express middleware. Answers of at least `threshold` bytes whose type compresses are compressed
 * once they end; an answer that grows past `maxBytes`, or whose headers went out before its body
 * (an event stream), is passed on as it comes, for `compression()` to stream.
 */
export function wholeAnswerCompression({ threshold = 1024, maxBytes = 1024 * 1024, brotliQuality = 4 } = {}) {
  return (req, res, next) => {
    const encoding = req.method === 'HEAD' ? undefined : new Negotiator(req).encoding(SUPPORTED, PREFERRED);
    if (encoding !== 'br' && encoding !== 'gzip') return next();

    const write = res.write;
    const end = res.end;
    let chunks = [];
    let size = 0;
    const restore = () => {
      res.write = write;
      res.end = end;
    };
    // From here on the answer streams: what was held goes first, in order.
    const passOn = () => {
      restore();
      const held = chunks;
      chunks = null;
      for (const chunk of held) write.call(res, chunk);
    };
    const hold = (chunk, chunkEncoding) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof chunkEncoding === 'string' ? chunkEncoding : 'utf8');
      size += buffer.length;
      chunks.push(buffer);
    };

    res.write = function (chunk, chunkEncoding, callback) {
      if (res.headersSent) {
        passOn();
        return res.write(chunk, chunkEncoding, callback);
      }
      hold(chunk, chunkEncoding);
      if (size > maxBytes) passOn();
      const written = typeof chunkEncoding === 'function' ? chunkEncoding : callback;
      if (typeof written === 'function') process.nextTick(written);
      return true;
    };

    res.end = function (chunk, chunkEncoding, callback) {
      const done = [chunk, chunkEncoding, callback].find((arg) => typeof arg === 'function');
      if (res.headersSent) {
        passOn();
        return res.end(chunk, chunkEncoding, callback);
      }
      hold(chunk, chunkEncoding);
      restore();
      const body = Buffer.concat(chunks);
      chunks = null;
      if (!shouldCompress(res, body.length, threshold)) return end.call(res, body, done);
      const compressed =
        encoding === 'br'
          ? zlib.brotliCompressSync(body, {
              params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
            })
          : zlib.gzipSync(body);
      res.vary('Accept-Encoding');
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', compressed.length);
      return end.call(res, compressed, done);
    };
    next();
  };
}

function shouldCompress(res, length, threshold) {
  if (length < threshold || res.hasHeader('content-encoding')) return false;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader('cache-control') ?? ''))) return false;
  const type = String(res.getHeader('content-type') ?? '');
  return type !== '' && compressible(type) === true;
}
