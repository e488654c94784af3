// Pages bench: the server-rendered pages people open most, signed out and signed in, at N
// concurrent connections against the built web (web/build) in front of the built API (api/dist) on
// a fresh Postgres database with the demo community — beside a page that renders the same layout
// with no data of its own (the "cover your tracks" help page), the ceiling for this web process.
// Goals (issue 16): ≥ 300 req/s for home, /stories, /events, /spaces; ≥ 200 req/s for a space page
// with 50 messages signed in; p99 ≤ 250 ms at 50 connections. Prints each figure with the load
// average, each page's web and API CPU time, and the web and API processes' memory before and after.
//
//   npm run bench -- pages [--requests 2000] [--warm-up 1000] [--connections 50] [--pages ceiling,home,stories,events,spaces,resources,space] [--encoding identity] [--client fetch] [--profile DIR] [--beside DIR] [--stages] [--waits] [--instructions]
//   (--profile writes V8 CPU profiles of the web process into DIR, for chrome://inspect or speedscope;
//   --client fetch loads with fetch(), as this bench did until 3 December 2026: 0.7–1.4 ms of the
//   bench's own CPU a page, against 0.1–0.2 ms for the default, kept-alive node:http connections
//   that drop the body undecompressed, as wrk does;
//   --beside DIR runs a second web from another checkout, built and with its own node_modules (for
//   instance `git worktree add ../before main~3 && cd ../before && npm ci && npm run build`), against
//   the same API, and sends each page's requests to the two webs in turn, 100 at a time (or two per
//   connection), each web with its own checkout's V8 settings: this machine's speed moves by a third
//   from run to run, which hides any change under about 10 % in separate runs; side by side the
//   machine's drift hits both alike;
//   --warm-up N: requests per page at full concurrency before the measured ones (at least one
//   per connection); until 6 December 2026 two per connection, 100 at the default 50 connections,
//   which left the first seconds measured slower than the rest;
//   --stages: under each page, where its requests' time went inside the web (test/bench/_page-stages.mjs,
//   loaded into the web): before its API calls, with them out, and after their answers were read)
//   --waits: under each page, how much of its measured time the web's and the API's main threads
//   ran and how much they waited, ready, for a core, and how idle the machine was
//   --instructions: instead of rates, the machine instructions the web runs for a page (Valgrind's
//   callgrind, V8 on one thread), one request at a time after a warm-up also one at a time, in
//   all and split: garbage collection, compiling, and the rest (everything else).
//   The total moves a lot: on 7 December 2026 two pairs of the same build side by side (--beside;
//   each web counted in turn, this checkout first) came out 9.5 and 9.7 % apart, and a count's
//   halves up to 18 %, because a full collection or a burst of compiling falls in one half or the
//   other; the rest moved 1.6 % between those halves, and 0.5–1.9 % between two webs of the same
//   build in three pairs, though once one web's rest was 8 % above its other counts
//   (docs/benchmarks.md). Weigh a change by the rest over two or three pairs, from about 2 %, and
//   by the total only over several runs. Only signed-in pages are counted: signed-out ones come
//   from the web's one-second page cache, so how many it renders depends on time, which runs some
//   fifty times slower under callgrind. --requests defaults to 250 there (about a minute and a
//   half for each web on the space page, with its warm-up)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { ROOT, benchDatabase, cpuSecondsOf, freePort, intArg, lightGet, machineCpuSeconds, mainThreadCpuSecondsOf, memoryOf, onStop, parseArgs, percentile, postgresCpu, postgresCpuSecondsSince, requireBuiltApi, runAll, runConcurrent, sleep, startApi, threadScheduleOf } from './lib.mjs';
import { pathToFileURL } from 'node:url';
import * as ownSettings from '../../scripts/node-args.mjs';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- pages [--requests N] [--warm-up N] [--connections N] [--pages ceiling,home,…,space] [--encoding identity] [--client fetch] [--profile DIR] [--beside DIR] [--stages] [--waits] [--instructions]');
  process.exit(0);
}
const instructions = Boolean(args.instructions);
// Under callgrind a space page takes about a quarter of a second: 250 of them, counted in two halves
// whose difference shows how steady the count is.
const requests = intArg(args, 'requests', instructions ? 250 : 2000, { min: instructions ? 2 : 1, max: 1_000_000 });
// How many requests warm each page up (see warmUp below); at least one round at full concurrency.
const warmUpRequests = intArg(args, 'warm-up', 1000, { max: 1_000_000 });
const connections = intArg(args, 'connections', 50, { max: 1000 });
// Checked before anything starts: a mistyped option should not cost a database and two servers.
const client = String(args.client ?? 'http');
if (client !== 'http' && client !== 'fetch') throw new Error(`--client is http or fetch, not ${client}`);
// Picked by key with --pages, so `space` is the 50-message page alone (until 5 December 2026 the
// filter matched name prefixes, and `space` ran the spaces list too). The space page's path is
// known once the demo space is.
const PAGES = [
  { key: 'ceiling', name: 'ceiling (layout only)', path: () => '/help/cover-your-tracks' },
  { key: 'home', name: 'home', path: () => '/' },
  { key: 'stories', name: 'stories', path: () => '/stories' },
  { key: 'events', name: 'events', path: () => '/events' },
  { key: 'spaces', name: 'spaces', path: () => '/spaces' },
  { key: 'resources', name: 'resources', path: () => '/resources' },
  { key: 'space', name: 'space, 50 messages', path: (space) => `/spaces/${space.slug}`, signedInOnly: true },
];
const PAGE_KEYS = PAGES.map((page) => page.key);
const chosen = args.pages ? String(args.pages).split(',').map((key) => key.trim()).filter(Boolean) : null;
const unknown = (chosen ?? []).filter((key) => !PAGE_KEYS.includes(key));
if (unknown.length || chosen?.length === 0) throw new Error(`--pages takes ${PAGE_KEYS.join(', ')}; not ${unknown.join(', ') || 'none'}`);
const besideRoot = args.beside ? path.resolve(String(args.beside)) : null;
// Side by side, each web serves a round at a time: there is no run of one web's to break down.
const stages = Boolean(args.stages);
if (stages && besideRoot) throw new Error('--stages breaks down a plain run; leave out --beside');
const waits = Boolean(args.waits);
if (waits && besideRoot) throw new Error('--waits breaks down a plain run; leave out --beside');
if (instructions && (stages || waits || args.profile)) throw new Error('--instructions counts a run of its own; leave out --stages, --waits and --profile');
// callgrind_annotate answers --version with exit code 255: only whether it runs at all tells.
if (instructions && ['callgrind_control', 'callgrind_annotate'].some((tool) => spawnSync(tool, ['--version']).error)) throw new Error('--instructions needs Valgrind (apt-get install valgrind)');
if (besideRoot && !fs.existsSync(path.join(besideRoot, 'web/build/server/index.js'))) {
  throw new Error(`--beside ${besideRoot}: no built web there (npm ci and npm run build in it first)`);
}
// At least two requests per connection in a round, so every round runs at full concurrency.
const SIDE_BY_SIDE_ROUND = Math.max(100, 2 * connections);
const DEMO_PASSWORD = 'sorstars-demo-2026';
const MESSAGES_IN_SPACE = 50;

requireBuiltApi();
const database = await benchDatabase('sorstars_bench_pages');
const callgrindDir = instructions ? fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-callgrind-')) : null;
let api = null;
let web = null;
let beside = null;
// The load generator's connections, one per concurrent request, kept alive across requests; one
// idle for 4 s is closed before the web's 5 s keep-alive timeout can close it under a request.
const agent = new http.Agent({ keepAlive: true, maxSockets: connections, timeout: 4000 });
const cleanup = onStop(async () => {
  agent.destroy();
  await web?.stop().catch(() => undefined);
  await beside?.stop().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await database.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
  if (callgrindDir) fs.rmSync(callgrindDir, { recursive: true, force: true });
});
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

const mallocSettings = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('MALLOC_')));

/**
 * `node web/server.js` (of this checkout, or of the one at `root`) on a free port in front of the
 * API, as `npm start` runs it: with that checkout's own V8 settings and environment, where it has
 * them, so a change to scripts/node-args.mjs is compared too. `--profile` profiles this checkout's.
 */
async function startWeb(apiUrl, root = ROOT) {
  const port = await freePort();
  const theirs = path.join(root, 'scripts/node-args.mjs');
  // An older checkout may lack one of the two (serverEnv came on 3 December 2026): ours stands in.
  const { nodeArgsFor, serverEnv } = root !== ROOT && fs.existsSync(theirs) ? { ...ownSettings, ...(await import(pathToFileURL(theirs).href)) } : ownSettings;
  const profile = args.profile && root === ROOT ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(String(args.profile))] : [];
  const stagesFile = stages ? path.join(os.tmpdir(), `sorstars-page-stages-${process.pid}-${port}.jsonl`) : '';
  const recorder = stages ? ['--import', path.join(ROOT, 'test/bench/_page-stages.mjs')] : [];
  // BENCH_WEB_NODE_ARGS (e.g. `--max-semi-space-size=32`) tries V8 settings on the web process;
  // a heap limit there replaces the one `npm start` gives, as one in NODE_OPTIONS would
  // (`--max-old-space-size=4096` is V8's own default on a big machine).
  const extra = process.env.BENCH_WEB_NODE_ARGS ?? '';
  const nodeArgs = [...nodeArgsFor('web', { NODE_OPTIONS: extra }), ...extra.split(/\s+/).filter(Boolean)];
  // glibc's MALLOC_* settings from the bench's environment reach the web, as they reach the API.
  const env = serverEnv({ ...mallocSettings(), PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', API_URL: apiUrl, ...(stages && { BENCH_STAGES_FILE: stagesFile }) });
  const script = [...nodeArgs, ...profile, ...recorder, path.join(root, 'web/server.js')];
  const counted = instructions ? callgrindRun(port) : null;
  // Under callgrind V8 runs on one thread (`--single-threaded`: no helper threads collecting or
  // compiling beside it), so that what it does does not depend on how the threads interleave.
  const [command, argv] = counted ? ['valgrind', [...counted.valgrindArgs, process.execPath, '--single-threaded', ...script]] : [process.execPath, script];
  const child = spawn(command, argv, { cwd: path.join(root, 'web'), env, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the web server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/help/cover-your-tracks`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await sleep(250);
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  };
  return { url, pid: child.pid, stop, stagesFile, counted: counted && { ...counted, pid: child.pid, env } };
}

/**
 * A web under Valgrind's callgrind, counting nothing until told (`--instr-atstart=no`: it starts
 * and warms up several times faster than when counting). `--smc-check` because V8 writes the code
 * it then runs. Valgrind and callgrind_control name their meeting point after USER and HOST, so the
 * control commands run with the web's own environment.
 */
function callgrindRun(port) {
  const outFile = path.join(callgrindDir, `web-${port}.out`);
  const vgdbPrefix = `--vgdb-prefix=${path.join(callgrindDir, 'vgdb')}`;
  return { outFile, vgdbPrefix, valgrindArgs: ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`, vgdbPrefix] };
}

function callgrindControl(counted, ...command) {
  // A web that cannot be reached (ptrace refused, say) must not hang the bench.
  const result = spawnSync('callgrind_control', [counted.vgdbPrefix, ...command, String(counted.pid)], { env: counted.env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`callgrind_control ${command.join(' ')}: ${result.error?.message ?? (result.stderr || result.stdout)}`);
}

/**
 * V8's own work, told apart by the names of the functions that ran it (their own instructions,
 * not what they called, so nothing is counted twice): garbage collection, with the write barriers
 * that serve it, and compiling (parsing, bytecode, the optimising tiers, deoptimising). Both come
 * in bursts (see --instructions above); the rest is the page's code and what it calls in V8, Node,
 * React and zlib.
 */
const GARBAGE_COLLECTION = /Scaveng|Marking|MarkCompact|Sweep|Evacuat|RememberedSet|WriteBarrier|RecordWrite|RecordMigrated|MigrateObject|LiveObjectVisitor|SlotSet|GCTracer|ObjectStats|ArrayBufferSweeper|v8::internal::Heap::/;
const COMPILING =
  /v8::internal::(?:compiler::|maglev::|baseline::|turboshaft::|interpreter::Bytecode|Parser|PreParser|Scanner|Compiler::|Zone::|ZoneList|Ast[A-Z]|Scope::|DeclarationScope|FuncNameInferrer|Deoptimizer|OptimizingCompileDispatcher)|Builtins_CompileLazy|Runtime_CompileLazy/;

/**
 * The instructions the web ran since callgrind's counters were last zeroed (a dump zeroes them):
 * in all, and how many of them were garbage collection and compiling, from callgrind_annotate's
 * list of every function's own count.
 */
function instructionsSinceLastDump(counted) {
  callgrindControl(counted, '--dump');
  const dir = path.dirname(counted.outFile);
  const dumps = fs.readdirSync(dir).filter((name) => name.startsWith(`${path.basename(counted.outFile)}.`));
  if (dumps.length !== 1) throw new Error(`callgrind left ${dumps.length} dumps for one request to dump`);
  const file = path.join(dir, dumps[0]);
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  fs.rmSync(file);
  if (annotated.status !== 0) throw new Error(`callgrind_annotate ${file}: ${annotated.error?.message ?? annotated.stderr}`);
  const count = { total: 0, collecting: 0, compiling: 0 };
  for (const line of annotated.stdout.split('\n')) {
    const fn = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!fn) continue;
    const n = Number(fn[1].replaceAll(',', ''));
    if (fn[2].startsWith('PROGRAM TOTALS')) count.total = n;
    else if (GARBAGE_COLLECTION.test(fn[2])) count.collecting += n;
    else if (COMPILING.test(fn[2])) count.compiling += n;
  }
  if (!count.total) throw new Error(`no totals in callgrind_annotate's list of ${file}`);
  return count;
}

/**
 * The pages `web` answered since the last call, as _page-stages.mjs recorded them: it writes them
 * to its file when sent SIGUSR2, and starts afresh.
 */
async function pagesRecorded(web) {
  fs.rmSync(web.stagesFile, { force: true });
  process.kill(web.pid, 'SIGUSR2');
  for (let waited = 0; !fs.existsSync(web.stagesFile); waited += 50) {
    if (waited > 10_000) throw new Error('the web wrote no page stages in 10 s');
    await sleep(50);
  }
  const text = fs.readFileSync(web.stagesFile, 'utf8');
  fs.rmSync(web.stagesFile, { force: true });
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/**
 * Where the recorded pages' time went inside the web, each stage's p50 / p99 on its own (so they
 * do not add up): from reading the request to its first API call, the API calls out (and, of that,
 * the longest answer's own time in the API, from its Server-Timing; the rest is the call and its
 * answer waiting in sockets for the API or the web to read them), from the last answer read to
 * the page handed to the socket (rendering, and waiting behind other pages' work), and the whole
 * stay in the web. What the client waited beyond that, the request and the page spent in sockets,
 * mostly waiting for the web to read the one or the client the other.
 */
function describeStages(recorded) {
  const made = recorded.filter((page) => page.calls.length > 0 && page.calls.every((call) => call.in !== undefined));
  const spans = (pick) => made.map(pick);
  const firstOut = (page) => Math.min(...page.calls.map((call) => call.out));
  const lastIn = (page) => Math.max(...page.calls.map((call) => call.in));
  const apiOwn = (page) => Math.max(...page.calls.map((call) => call.apiMs));
  const pair = (values) => `${percentile(values, 50).toFixed(1)} / ${percentile(values, 99).toFixed(1)}`;
  const inWeb = pair(recorded.map((page) => page.sent - page.read));
  if (made.length === 0) return `in the web ${inWeb} ms (p50 / p99; no page called the API)`;
  const calls = made.reduce((sum, page) => sum + page.calls.length, 0) / made.length;
  // Signed out, most pages come from the web's short-lived page cache without calling the API.
  const which = made.length < recorded.length ? `, of the ${made.length} of ${recorded.length} pages that called it` : '';
  return (
    `read → first API call ${pair(spans((page) => firstOut(page) - page.read))}, ` +
    `API calls out ${pair(spans((page) => lastIn(page) - firstOut(page)))} (the API's own ${pair(spans(apiOwn))}), ` +
    `last answer read → page sent ${pair(spans((page) => page.sent - lastIn(page)))}${which}; in the web ${inWeb} ms (p50 / p99, ${calls.toFixed(1)} API calls a page)`
  );
}

async function signIn(username) {
  const res = await fetch(`${api.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** The main threads' and the machine's counts now, for describeWaits. */
function scheduleNow() {
  return { at: performance.now(), busy: machineCpuSeconds(), web: threadScheduleOf(web.pid), api: threadScheduleOf(api.pid) };
}

/**
 * Over the time since `before`: the share the web's and the API's main threads ran and waited,
 * ready, for a core, and the share of all cores left idle. On 6 December 2026 the web's main
 * thread ran about 70 % of the space page's time and waited 27 % while the machine was 13 % idle.
 */
function describeWaits(before) {
  const now = scheduleNow();
  const seconds = (now.at - before.at) / 1000;
  const percent = (fraction) => `${(100 * fraction).toFixed(0)} %`;
  const share = (x) => percent(x / seconds);
  const thread = (name, a, b) => (a && b ? `${name} ran ${share(b.ran - a.ran)} and waited for a core ${share(b.waited - a.waited)}` : `${name}: not known`);
  const idle = 1 - (now.busy - before.busy) / (seconds * os.availableParallelism());
  return `${thread("the web's main thread", before.web, now.web)}; ${thread("the API's", before.api, now.api)}; the machine idle ${percent(idle)}`;
}

const mem = (pid) => `${memoryOf(pid).rssMiB.toFixed(0)} MiB`;

try {
  api = await startApi({ databaseUrl: database.url, env: { SEED_DEMO: 'true', LOGIN_LIMIT_PER_IP: '100000' } });
  web = await startWeb(api.baseUrl);
  if (besideRoot) beside = await startWeb(api.baseUrl, besideRoot);
  const cookie = await signIn('mads');
  // A space the signed-in reader belongs to, with 50 messages in it as in a real conversation:
  // one in five is the reader's own, the rest other members' in turn, each with the options a
  // reader gets on someone else's message (report, block), which their own messages do not carry.
  // (Until 4 December 2026 all fifty were the reader's, a lighter page than a real one.)
  // Always Helt Hjem Aarhus, where mads is host to two others: the order of his two spaces varies
  // from run to run, and until 7 December 2026 the bench took the first (four of ten runs that day
  // measured the other space, where one other member writes).
  const spaces = await (await fetch(`${api.baseUrl}/api/spaces?mine=true`, { headers: { cookie } })).json();
  const space = spaces.items.find((item) => item.slug === 'helt-hjem-aarhus');
  if (!space) throw new Error('the demo reader is not in Helt Hjem Aarhus');
  const pg = (await import('pg')).default;
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const [{ id: reader }] = (await db.query(`SELECT id FROM users WHERE username = 'mads'`)).rows;
  const others = (await db.query(`SELECT user_id FROM space_members WHERE space_id = $1 AND user_id <> $2 ORDER BY user_id`, [space.id, reader])).rows.map((r) => r.user_id);
  if (others.length === 0) throw new Error('the demo space has no one else in it to write');
  await db.query(
    `WITH m AS (INSERT INTO messages (space_id, seq, client_id, author_id, body)
                SELECT $1, s.last_seq + g, gen_random_uuid(),
                       CASE WHEN g % 5 = 0 THEN $2 ELSE ($3::uuid[])[1 + (g - g / 5 - 1) % cardinality($3::uuid[])] END,
                       'Thank you for today, see you on Tuesday ' || g
                  FROM spaces s, generate_series(1, $4::int) g WHERE s.id = $1 RETURNING seq)
     UPDATE spaces SET last_seq = (SELECT max(seq) FROM m) WHERE id = $1`,
    [space.id, reader, others, MESSAGES_IN_SPACE],
  );
  await db.end();
  console.log(`the space page: ${MESSAGES_IN_SPACE} messages, one in five the reader's, the rest by ${others.length} other member(s) in turn`);

  const pages = PAGES.filter((p) => !chosen || chosen.includes(p.key)).map((p) => ({ ...p, path: p.path(space) }));
  // Chrome's Accept-Encoding (Zstandard where the web's Node has it); `--encoding 'br, gzip'` is
  // Safari's choice, and this bench's default until 5 December 2026; `--encoding identity` shows
  // what compressing costs the web.
  const encoding = String(args.encoding ?? 'gzip, deflate, br, zstd');
  const headers = { 'accept-encoding': encoding, 'accept-language': 'en' };
  const get = async (url, h) => {
    if (client === 'http') return lightGet(agent, url, h);
    const r = await fetch(url, { headers: h });
    await r.arrayBuffer();
    return r.status;
  };
  const msEach = (seconds, count) => ((seconds / Math.max(1, count)) * 1000).toFixed(1).padStart(5);
  let served = 0;
  /** A request that must answer 200, as runConcurrent's task. */
  const getOk = (url, h, pagePath) => async () => {
    const status = await get(url, h);
    if (status !== 200) throw new Error(`${pagePath} ${status}`);
  };
  // A warm-up at full concurrency first, so the figures are of a warm process at its working
  // size, as a wrk user's warm-up run gives: the API's pool has opened the connections this
  // load needs, Postgres has warmed and planned on each, and V8 has compiled what the page runs.
  // Twenty requests in a row (until 3 December 2026) warmed one connection, and the first page
  // signed in paid for the others. Two rounds (100 requests, until 6 December 2026) left the
  // first seconds measured slower: in a 3,000-request run of the space page, 57 of the 59
  // answers over 270 ms came in its first three seconds, and in three alternating pairs of runs
  // the directory served 261–276 pages a second after 100 requests of warm-up against 282–307
  // after 1,000 (docs/benchmarks.md, issue 16).
  const warmUpTotal = Math.max(warmUpRequests, connections);
  const warmUp = (task, label, total = warmUpTotal, concurrency = connections) => runAll(`warming up ${label}`, { total, concurrency, task });

  // --beside: a page's requests go to the two webs in turn, a round at a time. Each web's CPU is
  // read before the first round and after the last, so what it does between its rounds (its
  // collector's threads finishing) is counted too; it serves nothing else meanwhile. The API and
  // Postgres serve both, so their CPU is not split.
  const sideBySide = async (page, h) => {
    const sides = [
      { label: 'this checkout', web },
      { label: 'beside', web: beside },
    ].map((side) => ({ ...side, task: getOk(`${side.web.url}${page.path}`, h, page.path), latencies: [], wallMs: 0, failures: 0, errors: [] }));
    const round = (side, total) => runConcurrent({ total, concurrency: connections, task: side.task });
    // Warmed in turn, a round at a time as they are measured: a whole warm-up of one side (4–5 s)
    // would leave the other's kept-alive connections idle long enough to close (the agent's 4 s).
    for (let done = 0; done < warmUpTotal; done += SIDE_BY_SIDE_ROUND) {
      for (const side of sides) await warmUp(side.task, `${page.path} (${side.label})`, Math.min(SIDE_BY_SIDE_ROUND, warmUpTotal - done));
    }
    for (const side of sides) side.cpuBefore = { all: cpuSecondsOf(side.web.pid), main: mainThreadCpuSecondsOf(side.web.pid) };
    for (let done = 0; done < requests; done += SIDE_BY_SIDE_ROUND) {
      for (const side of sides) {
        const result = await round(side, Math.min(SIDE_BY_SIDE_ROUND, requests - done));
        side.latencies.push(...result.latencies);
        side.wallMs += result.wallMs;
        side.failures += result.failures;
        side.errors.push(...result.errors);
      }
    }
    for (const side of sides) side.cpu = { all: cpuSecondsOf(side.web.pid) - side.cpuBefore.all, main: mainThreadCpuSecondsOf(side.web.pid) - side.cpuBefore.main };
    served += sides[0].latencies.length;
    for (const side of sides) {
      const failed = side.failures ? `  FAILED ${side.failures} (${side.errors[0]})` : '';
      const perSecond = (side.latencies.length / side.wallMs) * 1000;
      console.log(
        `  ${`${page.name}, ${side.label}`.padEnd(38)} ${perSecond.toFixed(0).padStart(5)} req/s   p50 ${percentile(side.latencies, 50).toFixed(0).padStart(5)} ms   p99 ${percentile(side.latencies, 99).toFixed(0).padStart(5)} ms   CPU/page web ${msEach(side.cpu.all, side.latencies.length)} ms (main thread ${msEach(side.cpu.main, side.latencies.length).trim()} ms)   load ${load()}${failed}`,
      );
    }
  };

  /**
   * --instructions: each web warmed up one page at a time, then `requests` pages one at a time with
   * callgrind counting, in two halves whose agreement shows how steady the count is.
   */
  const countInstructions = async (page, h) => {
    const sides = [{ label: 'this checkout', web }, ...(beside ? [{ label: 'beside', web: beside }] : [])];
    for (const side of sides) {
      const task = getOk(`${side.web.url}${page.path}`, h, page.path);
      // Warmed one page at a time too, as it is counted: pages at once interleave differently from
      // run to run, and so would what V8 learns from them (a choice; one run warmed fifty at once
      // was no less steady).
      await warmUp(task, page.path, warmUpTotal, 1);
      const counted = side.web.counted;
      callgrindControl(counted, '--instr=on');
      instructionsSinceLastDump(counted);
      // Each half's count a page: in all, and the rest (neither collecting nor compiling).
      const halves = [];
      for (const total of [Math.ceil(requests / 2), Math.floor(requests / 2)]) {
        await runAll(page.path, { total, concurrency: 1, task });
        const count = instructionsSinceLastDump(counted);
        halves.push({ count, all: count.total / total, rest: (count.total - count.collecting - count.compiling) / total });
      }
      callgrindControl(counted, '--instr=off');
      const summed = (key) => halves.reduce((sum, half) => sum + half.count[key], 0) / requests;
      side.perPage = summed('total');
      side.rest = side.perPage - summed('collecting') - summed('compiling');
      const millions = (n) => (n / 1e6).toFixed(2);
      console.log(
        `  ${`${page.name}${beside ? `, ${side.label}` : ''}`.padEnd(38)} web ${millions(side.perPage).padStart(6)} M instructions a page (halves ${millions(halves[0].all)} and ${millions(halves[1].all)}): ` +
          `garbage collection ${millions(summed('collecting'))}, compiling ${millions(summed('compiling'))}, the rest ${millions(side.rest)} (halves ${millions(halves[0].rest)} and ${millions(halves[1].rest)})`,
      );
    }
    const against = (key) => `${(100 * (sides[0][key] / sides[1][key] - 1)).toFixed(1)} %`;
    if (beside) console.log(`  ${page.name}: this checkout ${against('perPage')} against beside in all, ${against('rest')} in the rest`);
  };

  if (instructions) console.log(`pages bench, instructions: ${requests} requests per page one at a time, after ${warmUpTotal} to warm it up, also one at a time; the web under callgrind, V8 on one thread; Accept-Encoding: ${encoding}; node ${process.version}`);
  else console.log(`pages bench: ${requests} requests per page, after ${warmUpTotal} to warm it up, at ${connections} connections (${client === 'http' ? 'node:http, kept alive' : 'fetch'}), Accept-Encoding: ${encoding}; database: ${database.label}; node ${process.version}; nproc ${os.cpus().length}`);
  if (beside) console.log(instructions ? `side by side: this checkout's web and the one in ${besideRoot}, each page counted in each web in turn, this checkout first` : `side by side: this checkout's web and the one in ${besideRoot}, ${SIDE_BY_SIDE_ROUND} requests to each in turn`);
  if (!instructions) console.log(`memory before: web ${mem(web.pid)}${beside ? `, beside ${mem(beside.pid)}` : ''}, API ${mem(api.pid)}; load ${load()}`);
  const cpuBefore = { web: cpuSecondsOf(web.pid), webMain: mainThreadCpuSecondsOf(web.pid), api: cpuSecondsOf(api.pid) };
  for (const signedIn of instructions ? [true] : [false, true]) {
    console.log(signedIn ? '\nsigned in (mads)' : '\nsigned out');
    for (const page of pages) {
      if (page.signedInOnly && !signedIn) continue;
      const h = signedIn ? { ...headers, cookie } : headers;
      if (instructions) {
        await countInstructions(page, h);
        continue;
      }
      if (beside) {
        await sideBySide(page, h);
        continue;
      }
      const task = getOk(`${web.url}${page.path}`, h, page.path);
      await warmUp(task, page.path);
      if (stages) await pagesRecorded(web);
      const pageCpu = { web: cpuSecondsOf(web.pid), webMain: mainThreadCpuSecondsOf(web.pid), api: cpuSecondsOf(api.pid), pg: postgresCpu(), client: cpuSecondsOf(process.pid) };
      const schedule = waits ? scheduleNow() : null;
      const result = await runConcurrent({ total: requests, concurrency: connections, task });
      served += result.latencies.length;
      // CPU per page, not req/s, is what compares across runs on a busy machine.
      const msPer = (seconds) => msEach(seconds, result.latencies.length);
      const msPerPage = (pid, before) => msPer(cpuSecondsOf(pid) - before);
      const failed = result.failures ? `  FAILED ${result.failures} (${result.errors[0]})` : '';
      console.log(
        `  ${page.name.padEnd(22)} ${result.perSecond.toFixed(0).padStart(5)} req/s   p50 ${percentile(result.latencies, 50).toFixed(0).padStart(5)} ms   p99 ${percentile(result.latencies, 99).toFixed(0).padStart(5)} ms   CPU/page web ${msPerPage(web.pid, pageCpu.web)} ms (main thread ${msPer(mainThreadCpuSecondsOf(web.pid) - pageCpu.webMain).trim()} ms), API ${msPerPage(api.pid, pageCpu.api)} ms, Postgres ${msPer(postgresCpuSecondsSince(pageCpu.pg))} ms, load generator ${msPerPage(process.pid, pageCpu.client)} ms   load ${load()}${failed}`,
      );
      if (stages) console.log(`    ${describeStages(await pagesRecorded(web))}`);
      if (schedule) console.log(`    ${describeWaits(schedule)}`);
    }
  }
  // Under callgrind the servers' time and memory are Valgrind's.
  if (!instructions) reportRun(served, cpuBefore);
} finally {
  await cleanup();
}

/** The run's CPU per 1,000 pages, the servers' memory after it, and the goals. */
function reportRun(served, cpuBefore) {
  const cpu = { web: cpuSecondsOf(web.pid) - cpuBefore.web, webMain: mainThreadCpuSecondsOf(web.pid) - cpuBefore.webMain, api: cpuSecondsOf(api.pid) - cpuBefore.api };
  const perThousand = (seconds) => ((seconds / served) * 1000).toFixed(2);
  // Side by side, the API served both webs: its CPU a page is not this web's.
  if (!beside) {
    console.log(
      `\nCPU per 1,000 pages: web ${perThousand(cpu.web)} s (main thread ${perThousand(cpu.webMain)} s, its other threads ${perThousand(cpu.web - cpu.webMain)} s: mostly V8's garbage collection and compilers), API ${perThousand(cpu.api)} s`,
    );
  }
  const webAfter = memoryOf(web.pid);
  console.log(`memory after: web ${webAfter.rssMiB.toFixed(0)} MiB (peak ${webAfter.peakMiB.toFixed(0)} MiB; its own ${webAfter.anonMiB.toFixed(0)}, files' pages ${webAfter.fileMiB.toFixed(0)})${beside ? `, beside ${mem(beside.pid)}` : ''}, API ${mem(api.pid)}; goal: web under 250 MiB`);
  console.log(`goals: ≥ 300 req/s home, stories, events, spaces; ≥ 200 req/s a space page signed in; p99 ≤ 250 ms; load ${load()}`);
}
