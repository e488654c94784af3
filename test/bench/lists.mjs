// Lists bench: every list endpoint at 100 and at 100,000 rows, p50 per size and the ratio. A list
// that walks an index matching its ORDER BY keeps the ratio near 1; one that scans and sorts grows
// with the table (issue 16: "every list keeps its p50 within 2× from 100 to 100,000 rows"). Each
// line also gives the API's and Postgres's CPU a request over the measured requests: the kernel
// counts each process's CPU time in 10 ms ticks, so at the default 200 requests a figure moves in
// steps of 0.05 ms (--requests 1000: 0.01), and from run to run by more (up to 0.4 ms at 1,000 on
// 8 December 2026). Work that grows with the table shows there before it shows in a p50.
// Rows are seeded with SQL (generate_series) and ANALYZEd; the built API (api/dist) answers over
// loopback from a fresh Postgres database (or BENCH_DATABASE_URL). The machine's load average is
// printed with each figure, since other work on the box moves them.
//
//   npm run bench -- lists [--requests 200] [--warm-up 1000] [--clients 4] [--sizes 100,100000] [--lists stories,messages]
//
// --warm-up: requests to each list and size before its measured ones, not counted. Without them
// (until 8 December 2026) the first lists measured probably met an API its JIT had not warmed:
// the messages list measured alone, first, gave 1.36× and 0.86× in two runs, measured last
// after the other lists 1.42–2.22× in three. With 100 requests of warm-up the first list at 100
// rows was still slow in one run (stories 9.4 ms at p50, against 6.3 with 1,000). The p50s
// still move by half or more between runs at 200 requests (docs/benchmarks.md, 7–8 December
// 2026); --requests 1000 may steady them.
import os from 'node:os';
import { benchDatabase, cpuSecondsOf, indexQueuedMessages, intArg, onStop, parseArgs, percentile, postgresCpu, postgresCpuSecondsSince, requireBuiltApi, runAll, runConcurrent, startApi } from './lib.mjs';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- lists [--requests N] [--warm-up N] [--clients N] [--sizes 100,100000] [--lists name,…]');
  process.exit(0);
}
const requests = intArg(args, 'requests', 200, { max: 100_000 });
const warmUp = intArg(args, 'warm-up', 1000, { min: 0, max: 100_000 });
const clients = intArg(args, 'clients', 4, { max: 256 });
const sizes = String(args.sizes ?? '100,100000')
  .split(',')
  .map((s) => Number(s));
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 1_000_000)) throw new Error('--sizes: whole numbers from 1 to 1,000,000');

requireBuiltApi();
const database = await benchDatabase('sorstars_bench_lists');
let api = null;
let db = null;
const cleanup = onStop(async () => {
  await db?.end().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await database.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});

const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
/** CPU seconds spent over the measured requests, in milliseconds a request. */
const msPerRequest = (seconds) => ((seconds * 1000) / requests).toFixed(2).padStart(5);

/**
 * Each list: how to fill its table to `n` rows (all visible to the reader), with which parameters,
 * and the request that reads its first page.
 */
const LISTS = [
  {
    name: 'stories',
    path: () => '/api/stories?limit=20',
    seed: `INSERT INTO stories (author_id, title, content, html, plain_text, visibility, language, status, published_at, created_at)
           SELECT $1, 'Story ' || g, '{}', '<p>x</p>', 'x', 'public', 'en', 'published', now() - g * interval '1 second', now() - g * interval '1 second'
             FROM generate_series(1, $2::int - 1) g`,
    params: (c, n) => [c.reader, n],
  },
  {
    name: 'comments',
    path: (ctx) => `/api/stories/${ctx.story}/comments`,
    seed: `INSERT INTO story_comments (story_id, author_id, content, html, created_at)
           SELECT $1, $2, '{}', '<p>x</p>', now() - g * interval '1 second' FROM generate_series(1, $3::int) g`,
    params: (c, n) => [c.story, c.reader, n],
  },
  {
    name: 'events',
    path: () => '/api/events?limit=50',
    seed: `INSERT INTO events (title, kind, starts_at, ends_at, timezone, space_id)
           SELECT 'Event ' || g, 'community', now() + g * interval '1 hour', now() + g * interval '1 hour' + interval '1 hour', 'UTC', $1
             FROM generate_series(1, $2::int) g`,
    params: (c, n) => [c.space, n],
  },
  {
    name: 'spaces',
    path: () => '/api/spaces',
    seed: `INSERT INTO spaces (slug, name, visibility, created_at)
           SELECT 'bench-' || g, 'Space ' || g, 'public', now() - g * interval '1 second' FROM generate_series(1, $1::int - 1) g`,
    params: (c, n) => [n],
  },
  {
    name: 'notifications',
    path: () => '/api/me/notifications',
    seed: `INSERT INTO notifications (user_id, kind, created_at) SELECT $1, 'mention', now() - g * interval '1 second' FROM generate_series(1, $2::int) g`,
    params: (c, n) => [c.reader, n],
  },
  {
    name: 'messages',
    path: (ctx) => `/api/spaces/${ctx.space}/messages?limit=50`,
    seed: `WITH m AS (INSERT INTO messages (space_id, seq, client_id, author_id, body)
                      SELECT $1, g, gen_random_uuid(), $2, 'hello ' || g FROM generate_series(1, $3::int) g RETURNING seq)
           UPDATE spaces SET last_seq = (SELECT max(seq) FROM m) WHERE id = $1`,
    params: (c, n) => [c.space, c.reader, n],
  },
];

const chosen = args.lists ? String(args.lists).split(',') : LISTS.map((l) => l.name);
const unknown = chosen.filter((name) => !LISTS.some((l) => l.name === name));
if (unknown.length) throw new Error(`--lists: no list named ${unknown.join(', ')} (there are ${LISTS.map((l) => l.name).join(', ')})`);
const lists = LISTS.filter((l) => chosen.includes(l.name));

try {
  api = await startApi({ databaseUrl: database.url });
  const pg = (await import('pg')).default;
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const res = await fetch(`${api.baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `lists${Date.now().toString(36)}`, password: 'bench horse battery staple lists', locale: 'en' }),
  });
  if (res.status !== 201) throw new Error(`register ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sid='));
  const reader = (await (await fetch(`${api.baseUrl}/api/me`, { headers: { cookie } })).json()).id;

  console.log(`lists bench: ${requests} requests per list and size after ${warmUp} to warm it up, ${clients} clients; database: ${database.label}; node ${process.version}`);
  const results = new Map();
  for (const size of sizes) {
    // A fresh set of rows per size: the reader, their space and one story stay.
    await db.query(`TRUNCATE stories, story_comments, events, notifications, messages, spaces CASCADE`);
    const [{ id: space }] = (await db.query(`INSERT INTO spaces (slug, name, visibility) VALUES ('bench-home', 'Home', 'public') RETURNING id`)).rows;
    await db.query(`INSERT INTO space_members (space_id, user_id, role, accepted_guidelines_version) VALUES ($1, $2, 'host', 1)`, [space, reader]);
    const [{ id: story }] = (
      await db.query(
        `INSERT INTO stories (author_id, title, content, html, plain_text, visibility, language, status, published_at)
         VALUES ($1, 'Home story', '{}', '<p>x</p>', 'x', 'public', 'en', 'published', now()) RETURNING id`,
        [reader],
      )
    ).rows;
    const ctx = { reader, space, story };
    const seeded = performance.now();
    for (const list of lists) await db.query(list.seed, list.params(ctx, size));
    await indexQueuedMessages(db);
    await db.query('ANALYZE');
    console.log(`\n${size.toLocaleString('en')} rows per list (seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s)`);
    for (const list of lists) {
      const url = `${api.baseUrl}${list.path(ctx)}`;
      const task = async () => {
        const r = await fetch(url, { headers: { cookie } });
        const body = await r.text();
        if (r.status !== 200) throw new Error(`${list.name} ${r.status}: ${body.slice(0, 200)}`);
      };
      if (warmUp > 0) await runAll(`${list.name}, warming up`, { total: warmUp, concurrency: clients, task });
      const cpuBefore = { api: cpuSecondsOf(api.pid), pg: postgresCpu() };
      const result = await runConcurrent({ total: requests, concurrency: clients, task });
      const cpu = `API ${msPerRequest(cpuSecondsOf(api.pid) - cpuBefore.api)} ms, Postgres ${msPerRequest(postgresCpuSecondsSince(cpuBefore.pg))} ms`;
      const p50 = percentile(result.latencies, 50);
      results.set(`${list.name}@${size}`, p50);
      const failed = result.failures ? `  FAILED ${result.failures} (${result.errors[0]})` : '';
      console.log(`  ${list.name.padEnd(14)} p50 ${p50.toFixed(1).padStart(7)} ms   ${result.perSecond.toFixed(0).padStart(5)}/s   CPU/request ${cpu}   load ${load()}${failed}`);
    }
  }
  if (sizes.length > 1) {
    const [small, big] = [sizes[0], sizes[sizes.length - 1]];
    console.log(`\np50 at ${big.toLocaleString('en')} rows ÷ p50 at ${small.toLocaleString('en')} (goal ≤ 2×); load ${load()}`);
    for (const list of lists) {
      const ratio = results.get(`${list.name}@${big}`) / results.get(`${list.name}@${small}`);
      console.log(`  ${list.name.padEnd(14)} ${ratio.toFixed(2).padStart(6)}×${ratio > 2 ? '   over the goal' : ''}`);
    }
  }
} finally {
  await cleanup();
}
