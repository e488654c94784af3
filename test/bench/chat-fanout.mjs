// Chat fan-out bench: N socket.io-client sockets in one space, M messages sent at a fixed rate
// through the real `message:send` path (validated, stored in Postgres with the space's sequence,
// broadcast through the Redis adapter), measured on every receiving socket: deliveries per second,
// delivery latency, lost and duplicated deliveries, the server's CPU-seconds and memory. In the
// same run, the same load against a bare socket.io broadcast server (no auth, no database, no
// Redis) gives the ceiling. Runs the built API (api/dist; builds nothing) on loopback against a
// fresh Postgres database (or BENCH_DATABASE_URL) and Redis at BENCH_REDIS_URL (default
// redis://127.0.0.1:6379). With taskset and two or more CPUs, the servers run on CPU 0 and this
// process (the load generator) on CPU 1; Postgres and Redis are not pinned.
//
//   npm run bench -- chat-fanout [--clients 500] [--rate 20] [--seconds 10] [--senders 2] [--rounds 3]
//                                [--users 100] [--no-bare] [--no-pin] [--cpu-prof] [--heap-snapshots] [--perf DIR]
//
// --rounds: the two servers take turns this many times, each round with fresh sockets and the
// other server first every other round (sorstars, bare; bare, sorstars; ...), and the CPU ratio
// judged is the median of the rounds' (for an even count, the mean of the middle two). One round
// at a time moved by about 30 points from run to run: the bare server alone used 1.44 to 2.11
// CPU-s for the same deliveries. The lowest delivery rate and highest p99 of any round are judged,
// losses summed over the rounds, RSS growth in the first. --cpu-prof, --heap-snapshots, --perf
// and --no-bare make one round. A run that fails part-way judges nothing.
// --users: accounts registered (argon2id, ~60 ms each); the sockets are spread over them.
// --cpu-prof: the API writes a V8 CPU profile (open it in Chrome DevTools) into a temp directory.
// --perf DIR: Linux perf records each server's send phase (all its threads; the kernel's work for
// it too where perf may see the kernel: as root, or with kernel.perf_event_paranoid at 1 or less)
// into DIR/sorstars.data and DIR/bare.data, for `perf report -i`: where the CPU-seconds compared
// here go, which a V8 CPU profile cannot say (it samples one thread, and counts time in a system
// call or waiting for the core as the function's). The servers then write /tmp/perf-<pid>.map
// files, which name their JavaScript for perf report: keep them until you have read the report.
// Sampling and those maps cost the servers CPU (and --perf-basic-prof stops V8 compacting its code
// space), so a run with --perf measures where the time goes, not how much there is.
// --heap-snapshots: the API writes a V8 heap snapshot before the sockets connect and once they have
// joined, for test/bench/_heap-diff.mjs: what each connected socket holds. Writing the first one
// grows the API's memory, so that run's RSS after connecting says nothing about the sockets.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  benchDatabase,
  cpuSecondsOf,
  heapSnapshot,
  heapSnapshotArgs,
  intArg,
  machineCpuSeconds,
  mainThreadCpuSecondsOf,
  memoryOf,
  onStop,
  parseArgs,
  percentile,
  requireBuiltApi,
  runConcurrent,
  sleep,
  startApi,
} from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const args = parseArgs();
const USAGE =
  'usage: npm run bench -- chat-fanout [--clients N] [--rate msg/s] [--seconds S] [--senders N] [--rounds N] [--users N] [--no-bare] [--no-pin] [--cpu-prof] [--heap-snapshots] [--perf DIR]';

// ---------------------------------------------------------------------------------------------
// Role: the bare socket.io server (a child process, so its CPU and memory are its own).
if (args.role === 'bare-server') {
  const { Server } = await import('socket.io');
  const server = http.createServer();
  const io = new Server(server, { path: '/socket.io', cors: { origin: false }, maxHttpBufferSize: 64 * 1024 });
  const author = { id: randomUUID(), username: 'bare', displayName: null };
  let seq = 0;
  io.on('connection', (socket) => {
    socket.on('space:join', (payload, ack) => {
      socket.join(`space:${payload?.spaceId}`);
      if (typeof ack === 'function') ack({ ok: true, lastMessageId: null, lastSeq: seq });
    });
    socket.on('message:send', (payload, ack) => {
      // The same shape as a Sorstárs message, so both servers move the same bytes.
      const message = {
        id: randomUUID(),
        spaceId: payload?.spaceId,
        seq: ++seq,
        clientId: payload?.clientId,
        author,
        body: String(payload?.body ?? ''),
        replyToId: null,
        replyTo: null,
        mentions: [],
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
        reactions: [],
      };
      io.to(`space:${payload?.spaceId}`).emit('message:new', { message });
      if (typeof ack === 'function') ack({ ok: true, message });
    });
  });
  const shutdown = () => {
    io.close();
    server.close();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdin.on('end', shutdown); // the bench went away: do not linger
  process.stdin.resume();
  server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
  await new Promise(() => {}); // serve until told to stop
}

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Pinning: the servers on CPU 0, this process (the load generator) on CPU 1, when possible.
const SERVER_CPU = '0';
const LOAD_CPU = '1';
const PINNED_ENV = 'SORSTARS_FANOUT_PINNED';
const NPROC = Number(process.env.SORSTARS_FANOUT_NPROC) || os.availableParallelism();
function pinning() {
  if (process.env[PINNED_ENV] === '1') return { ok: true, why: pinnedWhy };
  if (args['no-pin']) return { ok: false, why: 'no (--no-pin)' };
  if (os.availableParallelism() < 2) return { ok: false, why: 'no (1 CPU)' };
  const probe = spawnSync('taskset', ['-c', `${SERVER_CPU},${LOAD_CPU}`, 'true'], { stdio: 'ignore' });
  if (probe.error) return { ok: false, why: 'no (taskset not found)' };
  if (probe.status !== 0) return { ok: false, why: `no (taskset -c ${SERVER_CPU},${LOAD_CPU} refused)` };
  return { ok: true, why: pinnedWhy };
}
const pinnedWhy = `yes (servers on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}; Postgres and Redis unpinned)`;
const pin = pinning();
if (pin.ok && process.env[PINNED_ENV] !== '1') {
  // Re-run this bench under taskset; this parent only waits and passes signals on.
  const child = spawn('taskset', ['-c', LOAD_CPU, process.execPath, SELF, ...process.argv.slice(2)], {
    stdio: 'inherit',
    // Under taskset this process sees one CPU: it is told how many the machine has.
    env: { ...process.env, [PINNED_ENV]: '1', SORSTARS_FANOUT_NPROC: String(NPROC) },
  });
  process.on('SIGINT', () => {}); // Ctrl-C reaches the child directly (same process group)
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {});
}

// ---------------------------------------------------------------------------------------------
// The bench.
if ('perf' in args && (typeof args.perf !== 'string' || args.perf === '')) throw new Error('--perf takes a directory');
if (args.perf && spawnSync('perf', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('--perf: perf (Linux perf tools) is not installed');
const clients = intArg(args, 'clients', 500, { max: 20_000 });
const rate = intArg(args, 'rate', 20, { max: 1_000 });
const seconds = intArg(args, 'seconds', 10, { max: 600 });
const senders = intArg(args, 'senders', 2, { max: 64 });
const users = intArg(args, 'users', Math.min(100, clients), { max: 5_000 });
if (senders > clients) throw new Error('--senders must not exceed --clients');
const oneRound = ['cpu-prof', 'heap-snapshots', 'perf', 'no-bare'].filter((name) => name in args);
if (oneRound.length && 'rounds' in args && args.rounds !== '1') throw new Error(`--rounds: --${oneRound[0]} makes one round`);
const rounds = oneRound.length ? 1 : intArg(args, 'rounds', 3, { max: 20 });
const messages = rate * seconds;
const warmupMessages = Math.min(rate, 20);
const offered = clients * rate;
const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const TARGET = { clients: 500, rate: 20, p99Ms: 75, rssMBPer1k: 25, cpuRatio: 0.5, deliveryShare: 0.98 };
/** Issue 16's goal for the same ratio, beyond this bench's original target. */
const GOAL_CPU_RATIO = 0.8;
const CONNECT_CONCURRENCY = 50;
const ACK_TIMEOUT_MS = 10_000;
const DRAIN_MS = 10_000;
const SETTLE_MS = 1_500;
/** Setup, then each server's turns: connecting, warm-up, the phase and its drain, settling. */
const WATCHDOG_MS = Math.max(15 * 60_000, (300 + rounds * 2 * (seconds + 90)) * 1000);

const sockets = new Set();
let database = null;
let api = null;
let bare = null;
let cpuProfDir = null;
let snapshotDir = null;
let perfDir = null;
const perfProblems = [];

/**
 * V8 writes /tmp/perf-<pid>.map, so perf names the JavaScript functions it samples; with interpreted
 * frames on the native stack, functions still in V8's interpreter are named too.
 */
const perfNodeArgs = () => (perfDir ? ['--perf-basic-prof', '--interpreted-frames-native-stack'] : []);
/**
 * Stops the running recorder and answers what went wrong, or null; called at the end of each send
 * phase, and by cleanup when a run fails mid-phase.
 */
let stopRecorder = async () => null;
const PERF_START_MS = 5_000;
const PERF_STOP_MS = 15_000;

/**
 * Starts `perf record` on `pid` and waits until it has opened its file; stopRecorder stops it.
 * perf's own errors (not allowed to record here, say) reach this bench's stderr.
 */
async function perfRecord(pid, name) {
  if (!perfDir) return;
  const file = path.join(perfDir, `${name}.data`);
  fs.rmSync(file, { force: true });
  // No build-ids: perf would read every mapped file for them as it stops; they matter only for a
  // report on another machine.
  const recorder = spawn('perf', ['record', '--quiet', '--no-buildid', '-F', '999', '-g', '-p', String(pid), '-o', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => {
    recorder.once('error', (err) => resolve({ error: err.message }));
    recorder.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let ended = null;
  exited.then((end) => (ended = end));
  for (const start = Date.now(); !ended && !fs.existsSync(file) && Date.now() - start < PERF_START_MS; ) await sleep(50);
  await sleep(200); // the file is there before perf has attached to every thread
  stopRecorder = async () => {
    stopRecorder = async () => null;
    if (!ended) recorder.kill('SIGINT');
    const timer = setTimeout(() => recorder.kill('SIGKILL'), PERF_STOP_MS);
    const end = await exited;
    clearTimeout(timer);
    if (end.error) return `perf could not start: ${end.error}`;
    if (end.code !== 0 && end.signal !== 'SIGINT') return `perf record ended with ${end.signal ?? `exit code ${end.code}`}`;
    if (!(fs.statSync(file, { throwIfNoEntry: false })?.size > 0)) return `perf wrote nothing to ${file}`;
    return null;
  };
}

async function closeSockets() {
  for (const socket of sockets) socket.close();
  sockets.clear();
  await sleep(300); // let the servers see the closes before their memory is read again
}
const cleanup = onStop(async () => {
  clearTimeout(watchdog);
  await stopRecorder();
  await closeSockets();
  await bare?.stop().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await database?.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});
const watchdog = setTimeout(() => {
  console.error(`chat-fanout: still running after ${WATCHDOG_MS / 60_000} min; giving up`);
  process.kill(process.pid, 'SIGTERM');
}, WATCHDOG_MS);
watchdog.unref();

const { io: connectSocket } = await import('socket.io-client');

/** One socket on its own connection (forceNew), websocket only, no reconnection. */
function connect(url, cookie) {
  return new Promise((resolve, reject) => {
    const socket = connectSocket(url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
      forceNew: true,
      timeout: 10_000,
    });
    sockets.add(socket);
    const timer = setTimeout(() => fail(new Error('connect timed out')), 15_000);
    const fail = (err) => {
      clearTimeout(timer);
      socket.close();
      sockets.delete(socket);
      reject(err);
    };
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => fail(err));
  });
}

async function startBare() {
  const command = [...(pin.ok ? ['taskset', '-c', SERVER_CPU] : []), process.execPath, ...perfNodeArgs(), SELF, '--role', 'bare-server'];
  const child = spawn(command[0], command.slice(1), {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the bare server did not start within 15 s')), 15_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return {
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Accounts, one public space, everyone a member. Answers the space id and one cookie per user. */
async function prepareSorstars(baseUrl) {
  const runId = Date.now().toString(36);
  const json = { 'content-type': 'application/json' };
  const cookies = [];
  const registered = await runConcurrent({
    total: users,
    concurrency: 8,
    task: async (i) => {
      const res = await fetch(`${baseUrl}/api/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: `f${runId}_${i}`, password: `fanout ${runId} horse battery ${i}`, locale: 'en' }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`register ${res.status}: ${text.slice(0, 200)}`);
      cookies[i] = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sid='));
    },
  });
  if (registered.failures) throw new Error(`${registered.failures} registrations failed: ${registered.errors[0]}`);
  const post = async (url, cookie, body) => {
    const res = await fetch(`${baseUrl}${url}`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${url} ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  const space = await post('/api/spaces', cookies[0], { name: `Fan-out ${runId}`, description: 'chat-fanout bench', visibility: 'public' });
  const joined = await runConcurrent({ total: users - 1, concurrency: 8, task: (i) => post(`/api/spaces/${space.id}/join`, cookies[i + 1], {}) });
  if (joined.failures) throw new Error(`${joined.failures} joins failed: ${joined.errors[0]}`);
  return { spaceId: space.id, cookies, registerMs: registered.wallMs };
}

/**
 * One server under the load: connect `clients` sockets, join them to the space, a short warm-up,
 * then `messages` sends at `rate` per second, each counted on every socket.
 */
async function scenario({ name, baseUrl, pid, spaceId, cookieFor, snapshots = false }) {
  await sleep(SETTLE_MS);
  const rssBefore = memoryOf(pid).rssMiB;
  // Read before the snapshot, which collects garbage first. Writing it grows the API's memory, so
  // in a run with snapshots the RSS after connecting is not the sockets' (the verdict says so).
  if (snapshots) await heapSnapshot(pid, snapshotDir, '1-before-sockets');

  let phase = null;
  let disconnects = 0;
  let strays = 0;
  const list = [];
  const connected = await runConcurrent({
    total: clients,
    concurrency: CONNECT_CONCURRENCY,
    task: async (c) => {
      const socket = await connect(baseUrl, cookieFor(c));
      socket.on('disconnect', () => disconnects++);
      socket.on('message:new', (payload) => {
        const now = performance.now();
        const p = phase;
        const i = p?.index.get(payload?.message?.clientId);
        if (i === undefined) {
          strays++;
          return;
        }
        const k = c * p.total + i;
        if (p.count[k]++ === 0) {
          p.latencies[p.received++] = now - p.sentAt[i];
          p.lastDelivery = now;
        } else p.duplicates++;
      });
      const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('space:join', { spaceId });
      if (!ack?.ok) throw new Error(`space:join: ${ack?.error ?? JSON.stringify(ack)}`);
      list[c] = socket;
    },
  });
  if (connected.failures) throw new Error(`${connected.failures} of ${clients} sockets could not connect and join: ${connected.errors[0]}`);
  const connectMs = connected.wallMs;
  await sleep(SETTLE_MS);
  const rssConnected = memoryOf(pid).rssMiB;
  if (snapshots) await heapSnapshot(pid, snapshotDir, '2-sockets-joined');

  const run = async (total) => {
    const p = {
      total,
      index: new Map(),
      sentAt: new Float64Array(total),
      ackOk: new Uint8Array(total),
      ackMs: new Float64Array(total).fill(NaN),
      count: new Uint16Array(clients * total),
      latencies: new Float64Array(clients * total),
      received: 0,
      duplicates: 0,
      acked: 0,
      ackFailed: 0,
      ackErrors: [],
      acksPending: 0,
      lastDelivery: 0,
      firstSend: 0,
    };
    phase = p;
    const interval = 1000 / rate;
    const start = performance.now();
    p.firstSend = start;
    for (let i = 0; i < total; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 1) await sleep(wait);
      const socket = list[i % senders];
      const clientId = randomUUID();
      p.index.set(clientId, i);
      p.acksPending++;
      p.sentAt[i] = performance.now();
      socket.timeout(ACK_TIMEOUT_MS).emit('message:send', { spaceId, clientId, body: `fan-out bench message ${i}, sent at ${Date.now()}` }, (err, ack) => {
        p.acksPending--;
        p.ackMs[i] = performance.now() - p.sentAt[i];
        if (!err && ack?.ok) {
          p.ackOk[i] = 1;
          p.acked++;
        } else {
          p.ackFailed++;
          if (p.ackErrors.length < 3) p.ackErrors.push(err ? err.message : (ack?.error ?? JSON.stringify(ack)));
        }
      });
    }
    const drainUntil = performance.now() + DRAIN_MS;
    while (performance.now() < drainUntil && (p.acksPending > 0 || p.received < p.acked * clients)) await sleep(10);
    return p;
  };

  await run(warmupMessages);
  await sleep(500);
  const cpu0 = cpuSecondsOf(pid);
  const mainCpu0 = mainThreadCpuSecondsOf(pid);
  const load0 = cpuSecondsOf(process.pid);
  const machine0 = machineCpuSeconds();
  await perfRecord(pid, name);
  const p = await run(messages);
  // Read before perf stops: writing out its recording is not the server's work.
  const cpu1 = cpuSecondsOf(pid);
  const mainCpu1 = mainThreadCpuSecondsOf(pid);
  const load1 = cpuSecondsOf(process.pid);
  const machine1 = machineCpuSeconds();
  const perfProblem = await stopRecorder();
  if (perfProblem) perfProblems.push(`${name}: ${perfProblem}`);
  phase = null;
  await sleep(SETTLE_MS);
  const rssAfter = memoryOf(pid).rssMiB;
  const disconnected = disconnects;
  await closeSockets();

  let lost = 0;
  for (let i = 0; i < p.total; i++) {
    if (!p.ackOk[i]) continue;
    for (let c = 0; c < clients; c++) if (p.count[c * p.total + i] === 0) lost++;
  }
  const lat = Array.from(p.latencies.subarray(0, p.received)).sort((a, b) => a - b);
  const windowS = (p.lastDelivery - p.firstSend) / 1000;
  const acks = Array.from(p.ackMs).filter(Number.isFinite).sort((a, b) => a - b);
  const cpuS = cpu1 - cpu0;
  return {
    connectMs,
    deliveries: p.received,
    perSecond: windowS > 0 ? p.received / windowS : 0,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: lat.length ? lat[lat.length - 1] : NaN,
    lost,
    duplicates: p.duplicates,
    strays,
    sendFailed: p.ackFailed,
    sendErrors: p.ackErrors,
    disconnected,
    cpuS,
    mainCpuS: mainCpu1 - mainCpu0,
    machineCpuS: machine1 - machine0,
    loadCpuS: load1 - load0,
    windowS,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    perCpuS: p.received / cpuS,
    rssBefore,
    rssConnected,
    rssAfter,
    mbPer1k: ((rssConnected - rssBefore) * 1.048576 * 1000) / clients,
  };
}

// ---------------------------------------------------------------------------------------------
const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const cpuModel = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
console.log(
  `chat-fanout: ${clients} clients (${senders} sender${senders > 1 ? 's' : ''} among them, ${users} accounts) × ${rate} msg/s × ${seconds} s = ${messages} messages` +
    ` (+${warmupMessages} warm-up), ${offered.toLocaleString('en')} deliveries/s offered`,
);
console.log(
  `machine: nproc ${NPROC} (${cpuModel}), node ${process.version}, load average ${os.loadavg().map((n) => f(n, 2)).join(' ')}; taskset: ${pin.why}`,
);

const results = { rounds: [] };
try {
  requireBuiltApi();
  database = await benchDatabase('sorstars_bench_fanout');
  if (args['cpu-prof']) cpuProfDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-fanout-prof-'));
  if (args['heap-snapshots']) snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-fanout-heap-'));
  if (args.perf) {
    perfDir = path.resolve(String(args.perf));
    fs.mkdirSync(perfDir, { recursive: true });
  }
  api = await startApi({
    databaseUrl: database.url,
    cpus: pin.ok ? SERVER_CPU : null,
    nodeArgs: [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), ...(snapshotDir ? heapSnapshotArgs(snapshotDir) : []), ...perfNodeArgs()],
    // The sockets are spread over --users accounts, often more than one person may hold.
    env: { REDIS_URL: redisUrl, CHAT_SEND_LIMIT: '1000000', SOCKETS_PER_PERSON: String(Math.ceil(clients / users) + 1) },
  });
  console.log(`servers: API ${database.label}, redis ${redisUrl}, started in ${f(api.startupMs / 1000)} s; bare socket.io ${args['no-bare'] ? 'skipped (--no-bare)' : 'in a child process'}`);
  const { spaceId, cookies, registerMs } = await prepareSorstars(api.baseUrl);
  console.log(`setup: ${users} accounts registered in ${f(registerMs / 1000)} s, one public space, all members`);
  // Both servers stay up between their turns (the one waiting is idle on the same CPU).
  if (!args['no-bare']) bare = await startBare();
  const bareSpace = randomUUID();
  const turn = {
    sorstars: () => scenario({ name: 'sorstars', baseUrl: api.baseUrl, pid: api.pid, spaceId, cookieFor: (c) => cookies[c % users], snapshots: Boolean(snapshotDir) }),
    bare: () => scenario({ name: 'bare', baseUrl: bare.baseUrl, pid: bare.pid, spaceId: bareSpace, cookieFor: () => null }),
  };
  for (let round = 1; round <= rounds; round++) {
    // Who goes first alternates, so neither server is always the one that follows the other.
    const order = !bare ? ['sorstars'] : round % 2 ? ['sorstars', 'bare'] : ['bare', 'sorstars'];
    const done = {};
    for (const name of order) done[name] = await turn[name]();
    results.rounds.push({ sorstars: done.sorstars, bare: done.bare ?? null });
    if (rounds > 1) {
      const ratio = done.bare ? `, ratio ${f((100 * done.sorstars.perCpuS) / done.bare.perCpuS)} %` : '';
      console.log(`round ${round} of ${rounds} (${order.join(' first, then ')}): sorstars ${f(done.sorstars.cpuS, 2)} CPU-s${done.bare ? `, bare ${f(done.bare.cpuS, 2)} CPU-s` : ''}${ratio}`);
    }
  }
} catch (err) {
  console.error(`chat-fanout failed: ${err instanceof Error ? err.message : err}`);
  if (api) console.error(`API output (last lines):\n${api.output().split('\n').slice(-15).join('\n')}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

// A run that failed part-way shows the rounds it finished and judges nothing.
const complete = results.rounds.length === rounds && !process.exitCode;
if (results.rounds.length && !complete) console.log(`\n${results.rounds.length} of ${rounds} rounds completed: no verdicts`);
if (results.rounds.length) {
  const label = (name, round) => (rounds === 1 ? name : `${name.split(' ')[0]} (round ${round})`);
  const rows = results.rounds.flatMap(({ sorstars, bare: ceiling }, i) => [
    [label('sorstars (pg + redis)', i + 1), sorstars],
    ...(ceiling ? [[label('bare socket.io', i + 1), ceiling]] : []),
  ]);
  const firstRound = results.rounds[0];
  const hasBare = Boolean(firstRound.bare);
  const col = (s, w) => String(s).padStart(w);
  console.log('');
  console.log(`${'server'.padEnd(22)}${col('deliv/s', 9)}${col('p50 ms', 8)}${col('p95 ms', 8)}${col('p99 ms', 8)}${col('max ms', 8)}${col('lost', 6)}${col('dup', 5)}${col('send err', 9)}${col('CPU-s', 7)}${col('deliv/CPU-s', 12)}`);
  for (const [label, r] of rows) {
    console.log(
      `${label.padEnd(22)}${col(f(r.perSecond, 0), 9)}${col(f(r.p50), 8)}${col(f(r.p95), 8)}${col(f(r.p99), 8)}${col(f(r.max), 8)}${col(r.lost, 6)}${col(r.duplicates, 5)}${col(r.sendFailed, 9)}${col(f(r.cpuS, 2), 7)}${col(f(r.perCpuS, 0), 12)}`,
    );
  }
  console.log(
    `${'server'.padEnd(22)}${col('RSS MB: before', 15)}${col('connected', 10)}${col('after send', 11)}${col('MB/1k sockets', 14)}${col('ack p50/p99 ms', 16)}${col('loadgen CPU-s', 14)}${col('machine busy', 13)}${col('CPU-s: main thread / others', 29)}`,
  );
  for (const [label, r] of rows) {
    const mb = (mib) => f(mib * 1.048576);
    const busy = (100 * r.machineCpuS) / (r.windowS * NPROC);
    console.log(
      `${label.padEnd(22)}${col(mb(r.rssBefore), 15)}${col(mb(r.rssConnected), 10)}${col(mb(r.rssAfter), 11)}${col(f(r.mbPer1k), 14)}${col(`${f(r.ackP50)}/${f(r.ackP99)}`, 16)}${col(f(r.loadCpuS, 2), 14)}${col(`${f(busy, 0)} %`, 13)}${col(`${f(r.mainCpuS, 2)} / ${f(r.cpuS - r.mainCpuS, 2)}`, 29)}`,
    );
  }
  console.log('(machine busy: all CPUs and processes during the send phase — servers, load generator, Postgres, Redis and anything else running;');
  console.log(" a server's other threads are mostly V8's: garbage collection's parallel and concurrent work, the optimising compilers)");
  const notes = [];
  for (const [label, r] of rows) {
    if (r.sendErrors.length) notes.push(`${label}: send errors: ${r.sendErrors.join('; ')}`);
    if (r.disconnected) notes.push(`${label}: ${r.disconnected} sockets disconnected during the run`);
    if (r.strays) notes.push(`${label}: ${r.strays} message:new for messages this bench did not send`);
  }
  for (const note of notes) console.log(`note: ${note}`);
  // The median of the rounds' ratios is judged; rate and p99 on the worst round, losses summed.
  const ratios = hasBare ? results.rounds.map((r) => r.sorstars.perCpuS / r.bare.perCpuS) : [];
  const sorted = [...ratios].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const ratio = !hasBare ? NaN : sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  if (hasBare) {
    const p99s = results.rounds.map((r) => `${f(r.sorstars.p99 / r.bare.p99, 2)}×`).join(', ');
    const each = rounds > 1 ? ` (the median of ${ratios.map((r) => `${f(r * 100)} %`).join(', ')})` : '';
    console.log(`ratio sorstars / bare: deliveries per server CPU-second ${f(ratio * 100)} %${each}, p99 ${p99s}`);
  }
  const s = {
    perSecond: Math.min(...results.rounds.map((r) => r.sorstars.perSecond)),
    p99: Math.max(...results.rounds.map((r) => r.sorstars.p99)),
    sendFailed: results.rounds.reduce((sum, r) => sum + r.sorstars.sendFailed, 0),
    lost: results.rounds.reduce((sum, r) => sum + r.sorstars.lost, 0),
    duplicates: results.rounds.reduce((sum, r) => sum + r.sorstars.duplicates, 0),
    // Only the first round starts from a server no socket has touched yet.
    mbPer1k: firstRound.sorstars.mbPer1k,
  };

  const busiest = Math.max(...rows.map(([, r]) => (100 * r.machineCpuS) / (r.windowS * NPROC)));
  const bareP99 = hasBare ? Math.max(...results.rounds.map((r) => r.bare.p99)) : NaN;
  if (busiest >= 90 || bareP99 > TARGET.p99Ms) {
    console.log(
      `warning: the machine was ${f(busiest, 0)} % busy${hasBare ? ` and the bare ceiling's own p99 was up to ${f(bareP99)} ms` : ''}:` +
        ' other work competes for the CPUs, so the latency figures say more about the machine than about the server',
    );
  }
  if (complete) {
    const atTarget = clients === TARGET.clients && rate === TARGET.rate;
    const over = rounds > 1 ? `; over ${rounds} rounds: the lowest rate, the highest p99, every loss summed, the first round's RSS, the median ratio` : '';
    console.log(`\ntargets (sorstars${atTarget ? '' : `; measured at ${clients} × ${rate}/s, the targets are set at ${TARGET.clients} × ${TARGET.rate}/s`}${over}):`);
    const verdict = (ok, text) => console.log(`  ${ok ? 'PASS' : 'MISS'}  ${text}`);
    verdict(
      s.perSecond >= TARGET.deliveryShare * offered && s.sendFailed === 0,
      `${offered.toLocaleString('en')} deliveries/s offered: ${f(s.perSecond, 0)}/s delivered, ${s.sendFailed} sends failed`,
    );
    verdict(s.p99 <= TARGET.p99Ms, `p99 delivery latency ≤ ${TARGET.p99Ms} ms: ${f(s.p99)} ms`);
    verdict(s.lost === 0, `0 lost: ${s.lost}`);
    verdict(s.duplicates === 0, `0 duplicated: ${s.duplicates}`);
    if (snapshotDir) console.log(`  ----  RSS growth ≤ ${TARGET.rssMBPer1k} MB per 1,000 sockets: not measured (--heap-snapshots)`);
    else verdict(s.mbPer1k <= TARGET.rssMBPer1k, `RSS growth ≤ ${TARGET.rssMBPer1k} MB per 1,000 sockets: ${f(s.mbPer1k)} MB`);
    if (hasBare && perfDir) {
      console.log(`  ----  deliveries per server CPU-second vs bare: ${f(ratio * 100)} % under perf, not measured (--perf: sampling costs each server its own share)`);
    } else if (hasBare) {
      verdict(ratio >= TARGET.cpuRatio, `deliveries per server CPU-second ≥ ${TARGET.cpuRatio * 100} % of bare: ${f(ratio * 100)} %`);
      console.log(`  goal  (issue 16) ≥ ${GOAL_CPU_RATIO * 100} % of bare: ${ratio >= GOAL_CPU_RATIO ? 'reached' : 'not reached'}`);
    } else console.log('  ----  deliveries per server CPU-second vs bare: not measured (--no-bare)');
  }
}
if (cpuProfDir) console.log(`API CPU profile: ${cpuProfDir}`);
if (perfDir) {
  for (const problem of perfProblems) console.log(`perf: ${problem}`);
  const files = ['sorstars', 'bare'].map((name) => path.join(perfDir, `${name}.data`)).filter((file) => fs.existsSync(file));
  if (files.length) console.log(`perf recordings of the send phase: ${files.join(', ')} (perf report -i FILE --sort dso; the /tmp/perf-<pid>.map files name their JavaScript)`);
}
if (snapshotDir) console.log(`API heap snapshots: ${snapshotDir} (node test/bench/_heap-diff.mjs ${path.join(snapshotDir, '1-before-sockets.heapsnapshot')} ${path.join(snapshotDir, '2-sockets-joined.heapsnapshot')})`);
process.exit(process.exitCode ?? 0);
