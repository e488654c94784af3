// Chat-rooms bench: the shape of real community use — many small spaces (default 1,000 people in
// 100 spaces of 10), each person on their own socket in their space. Sends go through the real
// `message:send` path at a rate that steps up until p99 delivery passes 100 ms; for each step it
// prints deliveries, p50/p99 delivery latency, BUSY refusals and ack time-outs, and the API's and
// Postgres's CPU per 1,000 sends; the API's memory before, at the peak and after every socket closed.
// Goals (issue 16): ≥ 1,000 persisted, screened sends/s with p99 delivery ≤ 100 ms on the box;
// beyond capacity, BUSY refusals instead of slow acks; RSS back within 20 % after the sockets close.
//
//   npm run bench -- chat-rooms [--people 1000] [--size 10] [--seconds 5] [--rates 100,200,400,700,1000,1400]
//                                [--settle 180] [--mentions 0] [--warm-up 3] [--warm-up-rate 200] [--heap-snapshots]
// --settle: how long to wait, at most, for the API's RSS to come back within 20 % after the sockets close.
// --mentions: the share of sends, in per cent, that @mention another member of the space (each such
// send also notifies them), as replies in a real conversation do; 0 by default.
// --warm-up, --warm-up-rate: a first step of that many seconds at that rate, printed in brackets and
// not judged (0 seconds: none).
// --heap-snapshots: the API writes a V8 heap snapshot before the sockets connect and after they have
// closed (after the RSS readings), into a temp directory; test/bench/_heap-diff.mjs compares them.
// Writing a snapshot costs the API hundreds of MiB, so RSS figures of such a run mean little.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDatabase, cpuSecondsOf, heapSnapshot, heapSnapshotArgs, intArg, memoryOf, onStop, parseArgs, percentile, postgresCpu, postgresCpuSecondsSince, requireBuiltApi, runConcurrent, sleep, startApi } from './lib.mjs';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- chat-rooms [--people N] [--size N] [--seconds S] [--rates r1,r2,…] [--settle S] [--mentions PERCENT] [--warm-up S] [--warm-up-rate R] [--heap-snapshots]');
  process.exit(0);
}
const people = intArg(args, 'people', 1000, { max: 20_000 });
const size = intArg(args, 'size', 10, { min: 2, max: 1000 });
const seconds = intArg(args, 'seconds', 5, { max: 600 });
const settle = intArg(args, 'settle', 180, { min: 10, max: 3600 });
const mentionPercent = intArg(args, 'mentions', 0, { min: 0, max: 100 });
const warmUpSeconds = intArg(args, 'warm-up', 3, { min: 0, max: 600 });
const warmUpRate = intArg(args, 'warm-up-rate', 200, { min: 1, max: 100_000 });
const rates = String(args.rates ?? '100,200,400,700,1000,1400').split(',').map(Number);
if (rates.some((r) => !Number.isInteger(r) || r < 1 || r > 100_000)) throw new Error('--rates: whole numbers from 1 to 100,000');
const spacesCount = Math.floor(people / size);
const P99_GOAL_MS = 100;
const ACK_TIMEOUT_MS = 10_000;
const snapshotDir = args['heap-snapshots'] ? fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-rooms-heap-')) : null;

requireBuiltApi();
const database = await benchDatabase('sorstars_bench_rooms');
let api = null;
const sockets = [];
const cleanup = onStop(async () => {
  for (const s of sockets) s.close();
  await api?.stop().catch(() => undefined);
  await database.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const mib = (pid) => memoryOf(pid).rssMiB.toFixed(0);

const { io: connectSocket } = await import('socket.io-client');
function connect(cookie) {
  return new Promise((resolve, reject) => {
    const socket = connectSocket(api.baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
    sockets.push(socket);
  });
}

try {
  api = await startApi({
    databaseUrl: database.url,
    env: { CHAT_SEND_LIMIT: '100000', REGISTER_LIMIT_PER_IP: '1000000', SOCKETS_PER_PERSON: '1000' },
    nodeArgs: snapshotDir ? heapSnapshotArgs(snapshotDir) : [],
  });
  const json = { 'content-type': 'application/json' };
  const runId = Date.now().toString(36);
  const cookies = [];
  const t0 = performance.now();
  const registered = await runConcurrent({
    total: spacesCount * size,
    concurrency: 8,
    task: async (i) => {
      const res = await fetch(`${api.baseUrl}/api/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: `r${runId}_${i}`, password: `rooms ${runId} horse battery ${i}`, locale: 'en' }),
      });
      if (res.status !== 201) throw new Error(`register ${res.status}: ${(await res.text()).slice(0, 200)}`);
      cookies[i] = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sid='));
    },
  });
  if (registered.failures) throw new Error(`registrations failed: ${registered.errors[0]}`);
  const post = async (path, cookie, body) => {
    const res = await fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${path} ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  const spaceOf = [];
  for (let s = 0; s < spacesCount; s++) {
    const space = await post('/api/spaces', cookies[s * size], { name: `Room ${runId} ${s}`, description: 'chat-rooms bench', visibility: 'public' });
    for (let m = 0; m < size; m++) spaceOf[s * size + m] = space.id;
    const joins = await runConcurrent({ total: size - 1, concurrency: 8, task: (m) => post(`/api/spaces/${space.id}/join`, cookies[s * size + m + 1], {}) });
    if (joins.failures) throw new Error(`joins failed: ${joins.errors[0]}`);
  }
  console.log(`chat-rooms bench: ${spacesCount * size} people in ${spacesCount} spaces of ${size}; ${seconds} s per step;${mentionPercent ? ` ${mentionPercent} % of sends @mention a member;` : ''} database: ${database.label}; node ${process.version}; nproc ${os.cpus().length}`);
  console.log(`prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s; API RSS before sockets ${mib(api.pid)} MiB; load ${load()}`);
  const rssStart = memoryOf(api.pid).rssMiB;
  if (snapshotDir) await heapSnapshot(api.pid, snapshotDir, '1-before-sockets');

  // Every person on a socket in their space; each delivery is timed from its send.
  let step = null;
  const list = [];
  const connected = await runConcurrent({
    total: spacesCount * size,
    concurrency: 50,
    task: async (i) => {
      const socket = await connect(cookies[i]);
      socket.on('message:new', ({ message }) => {
        const sentAt = step?.sentAt.get(message.clientId);
        if (sentAt !== undefined) step.latencies.push(performance.now() - sentAt);
      });
      const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('space:join', { spaceId: spaceOf[i] });
      if (!ack?.ok) throw new Error(`space:join: ${ack?.error}`);
      list[i] = socket;
    },
  });
  if (connected.failures) throw new Error(`sockets failed: ${connected.errors[0]}`);
  console.log(`${list.length} sockets connected and joined; API RSS ${mib(api.pid)} MiB\n`);
  // The last column is this process's own CPU (1,000 sockets receiving): near 100 % it, not the API, adds the latency.
console.log('offered/s   acked/s   deliveries/s   p50 ms   p99 ms   BUSY   timeouts   API CPU s/1k   PG CPU s/1k   load             bench CPU');

  /** Offers `rate` sends a second for `stepSeconds`; prints one line and answers what it accepted. */
  async function runStep(rate, stepSeconds, label) {
    const total = rate * stepSeconds;
    step = { sentAt: new Map(), latencies: [] };
    let acked = 0;
    let busy = 0;
    let timeouts = 0;
    const cpu0 = { api: cpuSecondsOf(api.pid), pg: postgresCpu(), bench: process.cpuUsage() };
    const started = performance.now();
    const pending = [];
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
      const who = (i * 7919) % list.length;
      const clientId = randomUUID();
      // Every (100 / mentionPercent)th send, spread evenly, names the next member of the sender's space.
      const mentions = Math.floor(((i + 1) * mentionPercent) / 100) > Math.floor((i * mentionPercent) / 100);
      const neighbour = who - (who % size) + ((who + 1) % size);
      const body = mentions ? `@r${runId}_${neighbour} hello from ${who} (${i})` : `hello from ${who} (${i})`;
      step.sentAt.set(clientId, performance.now());
      pending.push(
        list[who]
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('message:send', { spaceId: spaceOf[who], clientId, body })
          .then(
            (a) => (a?.ok ? acked++ : a?.error === 'BUSY' ? busy++ : timeouts++),
            () => timeouts++,
          ),
      );
    }
    // The bench may fall behind its own schedule (its clients share the two cores): then the load
    // it offered was lower than asked, and the rates are per second of what it really took.
    const sendSeconds = Math.max(stepSeconds, (performance.now() - started) / 1000);
    await Promise.all(pending);
    await sleep(500);
    const cpuWall = (performance.now() - started) / 1000;
    const benchCpu = process.cpuUsage(cpu0.bench);
    const cpu = { api: cpuSecondsOf(api.pid) - cpu0.api, pg: postgresCpuSecondsSince(cpu0.pg), bench: (benchCpu.user + benchCpu.system) / 1e6 };
    const p50 = percentile(step.latencies, 50);
    const p99 = percentile(step.latencies, 99);
    const per1k = (s) => (acked ? ((s / acked) * 1000).toFixed(2) : '–');
    console.log(
      `${label.padStart(9)} ${(acked / sendSeconds).toFixed(0).padStart(9)} ${(step.latencies.length / sendSeconds).toFixed(0).padStart(14)} ${p50.toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)} ${String(busy).padStart(6)} ${String(timeouts).padStart(10)} ${per1k(cpu.api).padStart(14)} ${per1k(cpu.pg).padStart(13)}   ${load()}   ${((cpu.bench / cpuWall) * 100).toFixed(0).padStart(4)} %`,
    );
    // Sends refused as BUSY are not taken: a step counts by the sends it accepted, per second of
    // the offered load.
    return { accepted: Math.round(acked / sendSeconds), met: p99 <= P99_GOAL_MS && timeouts === 0 };
  }

  // A first step that is not judged: the API's first sends run code V8 has not compiled yet, and
  // Postgres has not yet planned its statements on every connection, so a measured first step
  // often passed 100 ms at p99 only for that, and a round stopped there.
  if (warmUpSeconds) await runStep(warmUpRate, warmUpSeconds, `(${warmUpRate})`);
  let best = null;
  for (const rate of rates) {
    const { accepted, met } = await runStep(rate, seconds, String(rate));
    // The best is the most accepted (a later step may refuse more).
    if (met) {
      if (!best || accepted > best.accepted) best = { offered: rate, accepted };
    } else break;
  }
  const rssPeak = memoryOf(api.pid).peakMiB;
  step = null;
  for (const s of sockets) s.close();
  sockets.length = 0;
  // V8 collects when a process allocates; an idle one can keep its garbage for a while. So RSS is
  // read 10 s after the sockets closed, then every second until it is back within 20 % or
  // `--settle` seconds have passed.
  const closedAt = performance.now();
  const secondsSinceClose = () => (performance.now() - closedAt) / 1000;
  const pct = (mib) => `${mib >= rssStart ? '+' : ''}${(((mib - rssStart) / rssStart) * 100).toFixed(0)} %`;
  await sleep(Math.min(10, settle) * 1000);
  const rssAt10 = memoryOf(api.pid).rssMiB;
  let rssBack = rssAt10 <= rssStart * 1.2 ? { mib: rssAt10, s: secondsSinceClose() } : null;
  while (!rssBack && secondsSinceClose() < settle) {
    await sleep(1000);
    const now = memoryOf(api.pid).rssMiB;
    if (now <= rssStart * 1.2) rssBack = { mib: now, s: secondsSinceClose() };
  }
  if (snapshotDir) await heapSnapshot(api.pid, snapshotDir, '2-after-sockets-closed');
  console.log(
    `\nhighest step with p99 ≤ ${P99_GOAL_MS} ms and no time-outs: ${best ? `${best.accepted} sends/s accepted of ${best.offered} offered` : 'none'} (goal ≥ 1,000 accepted)`,
  );
  console.log(
    `API RSS: ${rssStart.toFixed(0)} MiB with no sockets, peak ${rssPeak.toFixed(0)} MiB, ${rssAt10.toFixed(0)} MiB 10 s after every socket closed (${pct(rssAt10)}); ` +
      (rssBack
        ? `back within 20 % ${rssBack.s.toFixed(0)} s after (${rssBack.mib.toFixed(0)} MiB, ${pct(rssBack.mib)})`
        : `not back within 20 % after ${settle} s (${memoryOf(api.pid).rssMiB.toFixed(0)} MiB)`) +
      `; load ${load()}`,
  );
  if (snapshotDir) console.log(`API heap snapshots: ${snapshotDir} (node test/bench/_heap-diff.mjs ${path.join(snapshotDir, '1-before-sockets.heapsnapshot')} ${path.join(snapshotDir, '2-after-sockets-closed.heapsnapshot')})`);
} finally {
  await cleanup();
}
