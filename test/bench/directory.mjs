// Directory bench: 10,000 services on Postgres, 4 concurrent clients mixing text, category,
// open-now and near-me filters on GET /api/resources. Prints p50/p95/p99 and the machine's load.
// Target (issue 10): p95 ≤ 30 ms. The services are written straight into the database (this bench
// times reading, not creating); the API is the built one (api/dist; builds nothing).
//
//   npm run bench -- directory [--services 10000] [--requests 4000] [--concurrency 4]
import os from 'node:os';
import { benchDatabase, intArg, onStop, parseArgs, report, reportMemory, reportServer, requireBuiltApi, runConcurrent, serverMs, startApi } from './lib.mjs';
import { weeklyWindows } from '../../shared/dist/index.js';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- directory [--services N] [--requests N] [--concurrency N]');
  process.exit(0);
}
const total = intArg(args, 'services', 10_000, { max: 200_000 });
const requests = intArg(args, 'requests', 4000, { max: 1_000_000 });
const concurrency = intArg(args, 'concurrency', 4, { max: 64 });

requireBuiltApi();
// Postgres only: the target is for the production database (BENCH_DATABASE_URL or a fresh local one).
const database = await benchDatabase('sorstars_bench_directory');
let api = null;
const cleanup = onStop(async () => {
  await api?.stop().catch(() => undefined);
  await database.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

const CITIES = [
  ['Budapest', 'HU', 47.4979, 19.0402, 'Europe/Budapest'],
  ['Szeged', 'HU', 46.253, 20.1414, 'Europe/Budapest'],
  ['Novi Sad', 'RS', 45.2671, 19.8335, 'Europe/Belgrade'],
  ['Aarhus', 'DK', 56.1629, 10.2039, 'Europe/Copenhagen'],
  ['København', 'DK', 55.6761, 12.5683, 'Europe/Copenhagen'],
  ['Helsinki', 'FI', 60.1699, 24.9384, 'Europe/Helsinki'],
  ['Ljubljana', 'SI', 46.0569, 14.5058, 'Europe/Ljubljana'],
];
const KINDS = [
  ['shelter', ['emergency-shelter'], [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens: '19:00', closes: '08:00' }]],
  ['meal', ['free-meals'], [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '12:00', closes: '14:00' }]],
  ['day centre', ['day-shelter'], [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '08:00', closes: '16:00' }, { days: ['SA'], opens: '10:00', closes: '14:00' }]],
  ['laundry', ['laundry'], [{ days: ['TU', 'TH'], opens: '09:00', closes: '13:00' }]],
  ['clinic', ['medical-care'], [{ days: ['MO', 'WE', 'FR'], opens: '14:00', closes: '18:00' }]],
  ['legal aid', ['eviction-help'], [{ days: ['MO', 'TU', 'WE', 'TH'], opens: '09:00', closes: '15:00' }]],
  ['youth advice', ['housing-advice'], [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '10:00', closes: '17:00' }]],
  ['crisis line', ['safety'], [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens: '00:00', closes: '24:00' }]],
];
const ATTRIBUTES = [['no-id-needed', 'walk-in'], ['free'], ['young-people'], ['women-only', 'anonymous-ok'], []];
const literal = (hours) => `{${weeklyWindows(hours).map(([a, b]) => `[${a},${b})`).join(',')}}`;

async function fill(sql, orgId) {
  const started = performance.now();
  for (let from = 0; from < total; from += 1000) {
    const n = Math.min(1000, total - from);
    const rows = Array.from({ length: n }, (_, j) => from + j);
    const kinds = rows.map((i) => KINDS[i % KINDS.length]);
    const cities = rows.map((i) => CITIES[Math.floor(i / KINDS.length) % CITIES.length]);
    const ids = await sql(
      `INSERT INTO resources (organization_id, name, description, categories, attributes, languages, free, last_verified_at)
       SELECT $1, n, d, string_to_array(c, ','), coalesce(string_to_array(nullif(a, ''), ','), '{}'), '{en}', true, now()
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(n, d, c, a) RETURNING id`,
      [orgId, rows.map((i, j) => `Bench ${kinds[j][0]} ${i} ${cities[j][0]}`), rows.map((i, j) => `A ${kinds[j][0]} in ${cities[j][0]} for anyone who needs it (${i}).`),
        kinds.map((k) => k[1].join(',')), rows.map((i) => ATTRIBUTES[i % ATTRIBUTES.length].join(','))],
    );
    await sql(
      `INSERT INTO resource_locations (resource_id, address, city, country, lat, lng, timezone, hours, open_week)
       SELECT r, 'Bench street ' || row_number() OVER (), city, country, lat, lng, tz, h::jsonb, w::int4multirange
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[], $8::text[]) AS t(r, city, country, lat, lng, tz, h, w)`,
      [ids.map((r) => r.id), cities.map((c) => c[0]), cities.map((c) => c[1]), rows.map((i, j) => cities[j][2] + Math.sin(i) * 0.08), rows.map((i, j) => cities[j][3] + Math.cos(i) * 0.12),
        cities.map((c) => c[4]), kinds.map((k) => JSON.stringify(k[2])), kinds.map((k) => literal(k[2]))],
    );
  }
  // Vacuumed as well as analysed, as in the search bench: the same settled state on every run.
  await sql('VACUUM ANALYZE resources');
  await sql('VACUUM ANALYZE resource_locations');
  return (performance.now() - started) / 1000;
}

const QUERIES = [
  (i) => `q=${['shelter', 'meal', 'clinic', 'laundry', 'legal'][i % 5]}`,
  (i) => `category=${['emergency', 'food', 'housing', 'health', 'legal'][i % 5]}`,
  (i) => `openNow=true&at=2026-11-${String(23 + (i % 7)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:30:00Z`,
  (i) => { const c = CITIES[i % CITIES.length]; return `near=${(c[2] + ((i % 10) - 5) * 0.004).toFixed(3)},${(c[3] + ((i % 7) - 3) * 0.006).toFixed(3)}&radiusKm=${[2, 5, 10][i % 3]}`; },
  (i) => `city=${encodeURIComponent(CITIES[i % CITIES.length][0])}&category=food&openNow=true&at=2026-11-25T11:${String(i % 60).padStart(2, '0')}:00Z`,
  (i) => `q=shelter&attribute=no-id-needed&near=${CITIES[i % CITIES.length][2]},${CITIES[i % CITIES.length][3]}&radiusKm=15`,
];

try {
  api = await startApi({ databaseUrl: database.url, env: { SEED_DEMO: 'false' } });
  console.log(`directory bench: ${total} services, ${requests} requests by ${concurrency} clients mixing text, category, open-now and near-me filters`);
  console.log(`database: ${database.label}; node ${process.version}; ${os.cpus().length} CPUs; load average at start ${load()}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const sql = async (text, params) => (await client.query(text, params)).rows;
  const [org] = await sql(`INSERT INTO organizations (slug, name) VALUES ('bench-org', 'Bench organisation') RETURNING id`);
  const seconds = await fill(sql, org.id);
  await client.end();
  console.log(`filled ${total} services with their locations in ${seconds.toFixed(1)} s — load ${load()}`);

  const get = async (query) => {
    const res = await fetch(`${api.baseUrl}/api/resources?${query}&limit=20`);
    if (res.status !== 200) throw new Error(`${res.status} ${query}: ${(await res.text()).slice(0, 200)}`);
    await res.arrayBuffer();
    return serverMs(res);
  };
  await runConcurrent({ total: 200, concurrency, task: (i) => get(QUERIES[i % QUERIES.length](i)) });
  const byKind = QUERIES.map(() => []);
  const serverByKind = QUERIES.map(() => []);
  const result = await runConcurrent({
    total: requests,
    concurrency,
    task: async (i) => {
      const t0 = performance.now();
      const server = await get(QUERIES[i % QUERIES.length](i));
      byKind[i % QUERIES.length].push(performance.now() - t0);
      if (server !== null) serverByKind[i % QUERIES.length].push(server);
    },
  });
  report('GET /api/resources, all filters mixed', result);
  const names = ['text', 'category', 'open now', 'near me', 'city + category + open now', 'text + attribute + near'];
  for (const [k, values] of byKind.entries()) report(`  ${names[k]}`, { latencies: values, wallMs: result.wallMs, failures: 0, errors: [], perSecond: (values.length / result.wallMs) * 1000 });
  console.log('server-side (the API\'s Server-Timing: request in to answer out; the target is for this):');
  reportServer('  all filters mixed', serverByKind.flat(), result.wallMs);
  for (const [k, values] of serverByKind.entries()) reportServer(`  ${names[k]}`, values, result.wallMs);
  reportMemory('api memory at end', api.pid);
  console.log(`load average at end ${load()} (target: p95 ≤ 30 ms server-side)`);
  await cleanup();
} catch (err) {
  console.error(err);
  await cleanup();
  process.exit(1);
}
