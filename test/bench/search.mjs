// Search bench: GET /api/search latency on Postgres with 100,000 documents (messages, stories,
// comments-free stories of every visibility, events) in six languages, 4 concurrent signed-in
// clients who are members of 20 spaces, for one-word, two-word and misspelt queries — beside a
// bare GIN query (tsvector @@ tsquery, LIMIT 20) on the same database in the same run.
// The documents are written with SQL (the indexing triggers run as for any writer); people and
// spaces through the API.
//
//   npm run bench -- search [--docs 100000] [--queries 400] [--clients 4]
import os from 'node:os';
import { benchDatabase, indexQueuedMessages, intArg, onStop, parseArgs, report, reportServer, requireBuiltApi, runConcurrent, serverMs, startApi } from './lib.mjs';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- search [--docs N] [--queries N] [--clients N]');
  process.exit(0);
}
const docs = intArg(args, 'docs', 100_000, { max: 1_000_000 });
const queries = intArg(args, 'queries', 400, { max: 100_000 });
const clients = intArg(args, 'clients', 4, { max: 64 });
const SPACES = 20;

// Words a person might search for, in the six languages, plus filler.
const VOCABULARY = {
  hu: ['szállás', 'hajléktalan', 'munka', 'mentor', 'segítség', 'lakhatás', 'orvos', 'gyerekek', 'iskola', 'tél', 'étel', 'támogatás'],
  da: ['bolig', 'herberg', 'arbejde', 'hjemløs', 'hjælp', 'lejlighed', 'læge', 'børn', 'skole', 'vinter', 'mad', 'støtte'],
  fi: ['asunto', 'asunnoton', 'työ', 'tuki', 'apu', 'koti', 'lääkäri', 'lapset', 'koulu', 'talvi', 'ruoka', 'vertaistuki'],
  sr: ['smeštaj', 'подршка', 'posao', 'pomoć', 'stan', 'lekar', 'deca', 'škola', 'zima', 'hrana', 'zajednica', 'mentor'],
  sl: ['zavetišče', 'stanovanje', 'delo', 'pomoč', 'podpora', 'zdravnik', 'otroci', 'šola', 'zima', 'hrana', 'skupnost', 'brezdomci'],
  en: ['shelter', 'housing', 'work', 'help', 'support', 'room', 'doctor', 'children', 'school', 'winter', 'food', 'benefits'],
};
const FILLER = 'and the a to of in it was we my day week night time people group talk good long new first'.split(' ');
const LANGS = Object.keys(VOCABULARY);
const pick = (xs, i) => xs[Math.abs(i) % xs.length];
const typo = (w) => (w.length > 4 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : `${w}x`);

requireBuiltApi();
const database = await benchDatabase('sorstars_bench_search');
let api = null;
let pool = null;
const cleanup = onStop(async () => {
  await pool?.end().catch(() => undefined);
  await api?.stop().catch(() => undefined);
  await database?.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});

try {
  api = await startApi({ databaseUrl: database.url, env: { LOGIN_LIMIT_PER_IP: '1000000' } });
  const { default: pg } = await import('pg');
  pool = new pg.Pool({ connectionString: database.url, max: clients });
  console.log(`search bench: ${docs.toLocaleString('en')} documents, ${clients} clients in ${SPACES} spaces, ${queries} queries per kind`);
  console.log(`database: ${database.label}; node ${process.version}; nproc ${os.cpus().length}`);

  const json = { 'content-type': 'application/json' };
  const cookies = [];
  for (let i = 0; i < clients; i++) {
    const res = await fetch(`${api.baseUrl}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ username: `bench_${Date.now().toString(36)}_${i}`, password: `bench horse battery ${i}` }) });
    if (res.status !== 201) throw new Error(`register answered ${res.status}`);
    cookies.push(res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sid=')));
  }
  const spaceIds = [];
  for (let s = 0; s < SPACES * 2; s++) {
    // Half the spaces are private and the clients are not in them: their documents must be skipped.
    const res = await fetch(`${api.baseUrl}/api/spaces`, {
      method: 'POST', headers: { ...json, cookie: cookies[0] },
      body: JSON.stringify({ name: `Bench space ${s}`, description: 'bench', visibility: s < SPACES ? 'public' : 'private', language: pick(LANGS, s) }),
    });
    if (res.status !== 201) throw new Error(`create space answered ${res.status}: ${await res.text()}`);
    const { id } = await res.json();
    spaceIds.push(id);
    if (s < SPACES) for (const cookie of cookies.slice(1)) await fetch(`${api.baseUrl}/api/spaces/${id}/join`, { method: 'POST', headers: { ...json, cookie }, body: '{}' });
  }

  const [{ id: authorId }] = (await pool.query(`SELECT id FROM users ORDER BY created_at LIMIT 1`)).rows;

  // Documents: 60 % messages, 30 % stories, 10 % events; texts of 8–20 words in one language.
  const started = performance.now();
  const words = LANGS.map((l) => [...VOCABULARY[l], ...FILLER]);
  const text = (lang) => `(SELECT string_agg((ARRAY[${words[LANGS.indexOf(lang)].map((w) => `'${w}'`).join(',')}])[1 + floor(random() * ${words[0].length})::int], ' ') FROM generate_series(1, 8 + (g % 13)))`;
  const messages = Math.round(docs * 0.6);
  const stories = Math.round(docs * 0.3);
  const events = docs - messages - stories;
  for (const [i, lang] of LANGS.entries()) {
    const share = (n) => Math.floor(n / LANGS.length) + (i < n % LANGS.length ? 1 : 0);
    const langSpaces = spaceIds.filter((_, s) => pick(LANGS, s) === lang);
    await pool.query(
      `INSERT INTO messages (space_id, seq, client_id, author_id, body, created_at)
       SELECT ($2::uuid[])[1 + g % ${langSpaces.length}], 1000000 * ${i} + g, gen_random_uuid(), $1, ${text(lang)}, now() - (g || ' minutes')::interval
         FROM generate_series(1, ${share(messages)}) g`,
      [authorId, langSpaces],
    );
    await pool.query(
      `INSERT INTO stories (author_id, title, content, html, plain_text, visibility, space_id, language, status, published_at)
       SELECT $1, ${text(lang).replace('8 + (g % 13)', '3 + (g % 3)')}, '{"type":"doc"}', '', ${text(lang)},
              CASE g % 3 WHEN 0 THEN 'public' WHEN 1 THEN 'members' ELSE 'space' END,
              CASE WHEN g % 3 = 2 THEN ($2::uuid[])[1 + g % ${langSpaces.length}] END, '${lang}', 'published', now() - (g || ' minutes')::interval
         FROM generate_series(1, ${share(stories)}) g`,
      [authorId, langSpaces],
    );
    await pool.query(
      `INSERT INTO events (space_id, created_by, title, description_html, kind, starts_at, ends_at, timezone)
       SELECT CASE WHEN g % 2 = 0 THEN ($2::uuid[])[1 + g % ${langSpaces.length}] END, $1, ${text(lang).replace('8 + (g % 13)', '3 + (g % 3)')}, ${text(lang)},
              'community', now() + (g || ' hours')::interval, now() + (g || ' hours')::interval + interval '1 hour', 'Europe/Budapest'
         FROM generate_series(1, ${share(events)}) g`,
      [authorId, langSpaces],
    );
  }
  await indexQueuedMessages(pool);
  // As a database that has been running for a while would be: statistics for the planner, and the
  // bulk load vacuumed (hint bits set, visibility map and GIN pending lists clean), so runs compare
  // the same state rather than whatever autovacuum reached so far.
  await pool.query('VACUUM ANALYZE');
  const [{ n }] = (await pool.query(`SELECT count(*)::int AS n FROM search_documents`)).rows;
  console.log(`indexed ${n.toLocaleString('en')} documents in ${((performance.now() - started) / 1000).toFixed(1)} s (triggers, tsvector, trigram)`);

  const all = Object.values(VOCABULARY).flat();
  const kinds = {
    'one word': (i) => pick(all, i * 7),
    'two words': (i) => `${pick(all, i * 7)} ${pick(all, i * 13 + 5)}`,
    'typo': (i) => typo(pick(all, i * 11)),
  };
  let serverSide = [];
  const search = (q, i) => async () => {
    const res = await fetch(`${api.baseUrl}/api/search?q=${encodeURIComponent(q)}&limit=20`, { headers: { cookie: cookies[i % clients] } });
    if (res.status !== 200) throw new Error(`search answered ${res.status}`);
    await res.arrayBuffer();
    const ms = serverMs(res);
    if (ms !== null) serverSide.push(ms);
  };
  console.log(`load average before measuring ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (nproc ${os.cpus().length})`);
  // Warm-up: caches and plans, not measured.
  await runConcurrent({ total: 100, concurrency: clients, task: (i) => search(kinds['one word'](i), i)() });
  for (const [label, make] of Object.entries(kinds)) {
    serverSide = [];
    const result = await runConcurrent({ total: queries, concurrency: clients, task: (i) => search(make(i), i)() });
    report(`GET /api/search, ${label}`, result);
    // What the targets name: the API's own time (Server-Timing), without the client's share of the CPU.
    reportServer(`  server-side, ${label}`, serverSide, result.wallMs);
  }
  for (const [label, make] of Object.entries(kinds)) {
    report(`bare GIN query, ${label}`, await runConcurrent({
      total: queries,
      concurrency: clients,
      task: (i) => pool.query(`SELECT type, id FROM search_documents WHERE tsv @@ plainto_tsquery('simple', search_fold($1)) LIMIT 20`, [make(i)]),
    }));
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (nproc ${os.cpus().length}); targets for the API (server-side): p95 ≤ 30 ms, p99 ≤ 60 ms`);
} finally {
  await cleanup();
}

