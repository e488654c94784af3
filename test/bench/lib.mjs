// Shared helpers for benches (test/bench/*.mjs|ts): a started API on loopback with its own
// database, bounded concurrent load, percentiles and process memory. Nothing here builds: a bench
// runs against api/dist as it is.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { nodeArgsFor, serverEnv } from '../../scripts/node-args.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_MAIN = path.join(ROOT, 'api/dist/main.js');
const ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** `--name value`, `--name=value` and `--flag` into an object; the rest in `_`. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out._.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) out[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[name] = argv[++i];
    else out[name] = true;
  }
  return out;
}

export function intArg(args, name, fallback, { min = 1, max = 100_000 } = {}) {
  if (args[name] === undefined) return fallback;
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

export function requireBuiltApi() {
  if (!fs.existsSync(API_MAIN)) {
    console.error(
      `bench: ${path.relative(ROOT, API_MAIN)} is missing. Benches run the built API and build nothing;\n` +
        `build it first:  npx nx run-many -t build --projects=@sorstars/api`,
    );
    process.exit(2);
  }
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `pg` from the API's dependencies (hoisted to the root node_modules by npm workspaces). */
async function pg() {
  const mod = await import('pg');
  return mod.default ?? mod;
}

/**
 * A database for one bench run: BENCH_DATABASE_URL as given (left in place), or a fresh
 * `<prefix>_<timestamp>` on the local Postgres that `drop()` removes.
 */
export async function benchDatabase(prefix) {
  if (process.env.BENCH_DATABASE_URL) {
    return { url: process.env.BENCH_DATABASE_URL, label: 'BENCH_DATABASE_URL', drop: async () => {} };
  }
  const { Client } = await pg();
  const name = `${prefix}_${Date.now()}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  let dropped = false;
  return {
    url,
    label: `postgres ${name} (dropped afterwards)`,
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new Client({ connectionString: ADMIN_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Starts `node api/dist/main.js` on a free loopback port and waits for /api/health.
 * `databaseUrl: null` runs the embedded PGlite in a temporary DATA_DIR (removed on stop).
 * `cpus` (e.g. '0') pins the API with `taskset -c` (taskset execs node, so `pid` stays the API's);
 * `nodeArgs` go before the script (e.g. `--cpu-prof`).
 */
export async function startApi({ databaseUrl, env = {}, timeoutMs = 120_000, cpus = null, nodeArgs = [] } = {}) {
  requireBuiltApi();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-bench-'));
  const childEnv = {
    ...serverEnv(process.env),
    NODE_ENV: 'production',
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    // The accounts bench registers hundreds of people from one address on purpose.
    REGISTER_LIMIT_PER_IP: '1000000',
  };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'MEILI_KEY']) delete childEnv[name];
  if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
  Object.assign(childEnv, env);

  // BENCH_API_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the API of any bench.
  // The V8 settings `npm start` gives the API come first; these can override them.
  const extra = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const argv = [...nodeArgsFor('api', { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${extra.join(' ')}` }), ...nodeArgs, ...extra, API_MAIN];
  const [command, commandArgs] = cpus === null ? [process.execPath, argv] : ['taskset', ['-c', String(cpus), process.execPath, ...argv]];
  const child = spawn(command, commandArgs, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  let health = null;
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        health = await res.json();
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  if (!health) {
    await stop();
    throw new Error(`the API did not answer /api/health within ${timeoutMs / 1000} s; its output:\n${output}`);
  }
  return { baseUrl, port, pid: child.pid, health, startupMs: performance.now() - started, stop, output: () => output };
}

/**
 * Indexes for search the messages a bulk insert queued (migration IndexMessagesAfterTheSend), as
 * the API would a moment later: what a bench measures next does not race that indexing.
 */
export async function indexQueuedMessages(db) {
  while ((await db.query(`SELECT search_index_queued(NULL, 5000, true) AS n`)).rows[0].n >= 5000);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `total` calls of `task(i)` with `concurrency` workers; each call is timed.
 * Returns latencies (ms), wall time and failures (with the first few errors).
 */
export async function runConcurrent({ total, concurrency, task }) {
  const latencies = [];
  const errors = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total && !stopRequested) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        failures++;
        if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const wallMs = performance.now() - started;
  return { latencies, wallMs, failures, errors, perSecond: (latencies.length / wallMs) * 1000 };
}

/** `runConcurrent` for what must all succeed (a warm-up, a counted run): a failure stops the bench. */
export async function runAll(label, { total, concurrency, task }) {
  const result = await runConcurrent({ total, concurrency, task });
  if (result.failures) throw new Error(`${label}: ${result.failures} failed (${result.errors[0]})`);
  return result;
}

/**
 * A load generator's GET, as wrk or autocannon make it: node:http over `agent`'s kept-alive
 * sockets, the body read and dropped, not decompressed. fetch() costs the bench's own process
 * 0.7–1.4 ms a page (undici's streams, and brotli undone for every answer): CPU the servers under
 * test lose on a 2-core machine. Follows redirects, as fetch() does (a signed-out /spaces is the
 * sign-in page). Resolves with the last status; rejects on a broken connection or after 60 s of silence.
 */
export async function lightGet(agent, url, headers, redirects = 5) {
  const { status, location } = await new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.once('end', () => resolve({ status: res.statusCode, location: res.headers.location }));
      res.once('error', reject);
      res.resume();
    });
    req.once('error', reject);
    // A server that stops answering fails the request instead of holding the bench forever.
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url} in 60 s`)));
  });
  const redirected = status >= 300 && status < 400 && location && redirects > 0;
  return redirected ? lightGet(agent, new URL(location, url), headers, redirects - 1) : status;
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function summarize(values) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: Math.max(...values) };
}

/**
 * Resident memory of a process from /proc (Linux), in MiB: current and peak, and the current split
 * into the process's own (anonymous: V8's heap, malloc's) and pages of files it maps (the node
 * binary's code and ICU data, shared libraries), which the kernel can drop and reread and which
 * every process on the same binary shares. The two need not add up to the RSS: shared memory
 * (RssShmem; next to nothing for these servers) is in neither.
 */
export function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024, anonMiB: kib('RssAnon') / 1024, fileMiB: kib('RssFile') / 1024 };
  } catch {
    return { rssMiB: NaN, peakMiB: NaN, anonMiB: NaN, fileMiB: NaN };
  }
}

/**
 * Node arguments that let `heapSnapshot` ask a server for a V8 heap snapshot, written into `dir`
 * (open it in Chrome DevTools' Memory tab, or compare two with test/bench/_heap-diff.mjs).
 */
export const heapSnapshotArgs = (dir) => ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`];

/**
 * Signals a server started with `heapSnapshotArgs(dir)` and waits until its snapshot is written,
 * renaming it `<label>.heapsnapshot`. The snapshot collects garbage first, so read RSS before it.
 */
export async function heapSnapshot(pid, dir, label, timeoutMs = 120_000) {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const started = performance.now();
  let file = null;
  let size = -1;
  while (performance.now() - started < timeoutMs) {
    await sleep(500);
    file ??= fs.readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name)) ?? null;
    if (!file) continue;
    // Written in one go by the server's main thread: done when it ends with the closing brace.
    const now = fs.statSync(path.join(dir, file)).size;
    if (now === size && now > 0 && endsWithBrace(path.join(dir, file))) {
      const target = path.join(dir, `${label}.heapsnapshot`);
      fs.renameSync(path.join(dir, file), target);
      return target;
    }
    size = now;
  }
  throw new Error(`no heap snapshot from ${pid} within ${timeoutMs / 1000} s`);
}

function endsWithBrace(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const { size } = fs.fstatSync(fd);
    const tail = Buffer.alloc(Math.min(16, size));
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString().trimEnd().endsWith('}');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * CPU time a process has used so far (user + system, all threads), in seconds, from /proc/<pid>/stat;
 * `pid` may also be `<pid>/task/<tid>`, one thread's.
 */
export function cpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/**
 * CPU time of a process's main thread alone (the event loop and the JavaScript on it), in seconds,
 * from /proc/<pid>/task/<pid>/stat. The rest of cpuSecondsOf is its other threads: on Node 24 under
 * page load nearly all V8's (garbage collection's parallel and concurrent work, the optimising
 * compilers), which a V8 CPU profile does not show.
 */
export function mainThreadCpuSecondsOf(pid) {
  return cpuSecondsOf(`${pid}/task/${pid}`);
}

/**
 * CPU seconds of every Postgres server process on this machine, by pid (a bench's database is all
 * it serves); null when they cannot be listed. Compare two with postgresCpuSecondsSince.
 */
export function postgresCpu() {
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return null;
  }
  return new Map(pids.map((pid) => [pid, cpuSecondsOf(pid) || 0]));
}

/**
 * Postgres's CPU seconds since `before` (a postgresCpu() reading). Per process, because backends
 * come and go: a total over whoever is alive went negative when a connection closed between two
 * readings (chat-rooms printed -1.28 s per 1,000 sends). A process started since counts whole; one
 * that ended since is left out, with what it spent after `before`.
 */
export function postgresCpuSecondsSince(before) {
  const now = postgresCpu();
  if (!before || !now) return NaN;
  let spent = 0;
  for (const [pid, seconds] of now) spent += Math.max(0, seconds - (before.get(pid) ?? 0));
  return spent;
}

/**
 * How long one thread has run and how long it has waited, ready, for a core, in seconds so far
 * (/proc/<pid>/task/<tid>/schedstat, kept by the kernel's scheduler); null where it is not kept.
 * Ran plus waited close to the whole time means the thread always had work: a bottleneck.
 */
export function threadScheduleOf(pid, tid = pid) {
  try {
    const [ran, waited] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { ran: ran / 1e9, waited: waited / 1e9 };
  } catch {
    return null;
  }
}

/** Linux's USER_HZ: 100 on every mainstream architecture (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** Busy CPU time of the whole machine so far (all cores, all processes), in seconds, from /proc/stat. */
export function machineCpuSeconds() {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const busy = ticks.slice(0, 8).reduce((a, b) => a + b, 0) - ticks[3] - ticks[4];
    return busy / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** One aligned result line: `label  12.3/s  p50 4.5 ms  p95 …`. */
/** The API's own time for an answer, from its `Server-Timing: app;dur=` header (ms), or null. */
export function serverMs(res) {
  const match = /\bapp;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
  return match ? Number(match[1]) : null;
}

/** Server-side latencies (what the issues' targets name) as a report line beside the client's. */
export function reportServer(label, latencies, wallMs) {
  report(label, { latencies, wallMs, failures: 0, errors: [], perSecond: (latencies.length / wallMs) * 1000 });
}

export function report(label, result) {
  const s = summarize(result.latencies);
  const failed = result.failures ? `  FAILED ${result.failures} (${result.errors[0]})` : '';
  console.log(
    `${label.padEnd(28)} ${fmt(result.perSecond).padStart(8)}/s   p50 ${fmt(s.p50).padStart(7)} ms   p95 ${fmt(s.p95).padStart(7)} ms   p99 ${fmt(s.p99).padStart(7)} ms   (n=${s.n}, ${fmt(result.wallMs / 1000, 2)} s)${failed}`,
  );
}

export function reportMemory(label, pid) {
  const m = memoryOf(pid);
  console.log(`${label.padEnd(28)} RSS ${fmt(m.rssMiB)} MiB   peak ${fmt(m.peakMiB)} MiB`);
  return m;
}

let stopRequested = false;

/**
 * Runs `cleanup` once on exit, Ctrl-C or SIGTERM, so a stopped bench leaves nothing behind; a
 * signal also ends every runConcurrent loop.
 */
export function onStop(cleanup) {
  let done = false;
  const run = async (code) => {
    if (code !== undefined) stopRequested = true;
    if (done) return;
    done = true;
    try {
      await cleanup();
    } finally {
      if (code !== undefined) process.exit(code);
    }
  };
  process.once('SIGINT', () => run(130));
  process.once('SIGTERM', () => run(143));
  return () => run();
}
