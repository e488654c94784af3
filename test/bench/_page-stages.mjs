// Loaded into the web by `npm run bench -- pages --stages` (node --import): records where each page
// request's time goes inside the web, for the bench to print beside its own timings. Not part of
// the product; nothing here runs unless the bench asks for it.
//
// For each page the web answers it notes when the request was read, when each call to the API went
// out and when its answer was read, the API's own time for that answer (its `Server-Timing`
// header), and when the page was handed to the socket. On SIGUSR2 it writes what it has gathered to
// BENCH_STAGES_FILE (JSON lines, one per page) and starts afresh, so the bench can drop the warm-up.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_STAGES_FILE;
const pageOf = new AsyncLocalStorage();
let pages = [];

// Every request the web server reads passes through Server#emit('request'): the page's record
// rides along in async context, so the API calls its loaders make find it.
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event !== 'request') return emit.apply(this, arguments);
  const page = { read: performance.now(), calls: [] };
  res.once('finish', () => {
    page.sent = performance.now();
    pages.push(page);
  });
  return pageOf.run(page, () => emit.apply(this, arguments));
};

// The web's API client (web/app/utils/api.server.ts) calls http.request on the module object, so
// replacing the property here is seen there.
const request = http.request;
http.request = function (...args) {
  const page = pageOf.getStore();
  const call = { out: performance.now() };
  const req = request.apply(this, args);
  if (page) {
    page.calls.push(call);
    req.once('response', (res) => {
      call.apiMs = Number(/dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1] ?? NaN);
      res.once('end', () => (call.in = performance.now()));
    });
  }
  return req;
};

process.on('SIGUSR2', () => {
  const lines = pages.map((page) => JSON.stringify(page)).join('\n');
  pages = [];
  // Written whole, then renamed: the bench waits for the name to appear.
  fs.writeFileSync(`${file}.tmp`, lines);
  fs.renameSync(`${file}.tmp`, file);
});
