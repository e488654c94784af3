// HSDS bench: imports N HSDS 3.1 services through POST /api/hsds/import (batches, as an NGO's
// tool would send them), then times GET /api/hsds/services?minimal=true for all of them and a few
// full pages. Runs the built API (api/dist; builds nothing) against a fresh Postgres database (or
// BENCH_DATABASE_URL, or --embedded PGlite). Targets (issue 10): import of 10,000 ≤ 60 s; minimal
// list of 10,000 ≤ 2 s.
//
//   npm run bench -- hsds [--services 10000] [--batch 1000] [--embedded]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { benchDatabase, intArg, onStop, parseArgs, reportMemory, requireBuiltApi, startApi } from './lib.mjs';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- hsds [--services N] [--batch N] [--embedded]');
  process.exit(0);
}
const total = intArg(args, 'services', 10_000, { max: 100_000 });
const batch = intArg(args, 'batch', 1000, { max: 5000 });
const embedded = Boolean(args.embedded);

requireBuiltApi();
const database = embedded ? null : await benchDatabase('sorstars_bench_hsds');
let api = null;
const cleanup = onStop(async () => {
  await api?.stop().catch(() => undefined);
  await database?.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});

const CATEGORIES = ['emergency-shelter', 'free-meals', 'day-shelter', 'laundry', 'medical-care', 'eviction-help', 'housing-advice', 'peer-support'];
const CITIES = [
  ['Budapest', 'HU', 47.4979, 19.0402, 1],
  ['Aarhus', 'DK', 56.1629, 10.2039, 1],
  ['Helsinki', 'FI', 60.1699, 24.9384, 2],
  ['Ljubljana', 'SI', 46.0569, 14.5058, 1],
  ['Novi Sad', 'RS', 45.2671, 19.8335, 1],
];
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

/** One HSDS service as another directory would send it. */
function service(i) {
  const id = randomUUID();
  const [city, country, lat, lng, tz] = CITIES[i % CITIES.length];
  const category = CATEGORIES[i % CATEGORIES.length];
  const night = i % 3 === 0;
  return {
    id,
    name: `Bench service ${i} ${city}`,
    description: `Service ${i}: ${category.replace(/-/g, ' ')} in ${city}, open ${night ? 'at night' : 'in the day'}.`,
    status: 'active',
    languages: [{ id: randomUUID(), name: 'English', code: 'en' }],
    phones: [{ id: randomUUID(), number: `+36 1 ${String(1_000_000 + i).slice(0, 3)} ${String(1_000_000 + i).slice(3)}` }],
    attributes: [{ id: randomUUID(), taxonomy_term: { id: randomUUID(), code: category, name: category, description: 'Open Eligibility' } }],
    service_at_locations: [
      {
        id: randomUUID(),
        schedules: [
          night
            ? { id: randomUUID(), freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '20:00', closes_at: '08:00', timezone: tz }
            : { id: randomUUID(), freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00', timezone: tz },
        ],
        location: {
          id: randomUUID(),
          location_type: 'physical',
          latitude: lat + ((i % 97) - 48) / 1000,
          longitude: lng + ((i % 89) - 44) / 1000,
          addresses: [{ id: randomUUID(), address_1: `Bench street ${i}`, city, state_province: '', postal_code: String(1000 + (i % 900)), country, address_type: 'physical' }],
        },
      },
    ],
  };
}

async function call(method, path, { cookie, body } = {}) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return { res, json: text ? JSON.parse(text) : null };
}

try {
  api = await startApi({ databaseUrl: database?.url ?? null, env: { HSDS_RATE_LIMIT_PER_IP: '1000000' } });
  console.log(`hsds bench: import ${total} services in batches of ${batch}, then list them`);
  console.log(`database: ${embedded ? 'embedded PGlite (temporary DATA_DIR)' : database.label}; node ${process.version}; ${os.cpus().length} CPUs; load average at start ${load()}`);

  const username = `hsdsbench_${Date.now().toString(36)}`;
  const registered = await call('POST', '/api/auth/register', { body: { username, password: `bench horse battery ${username}` } });
  const cookie = registered.res.headers.get('set-cookie').split(';')[0];
  // The organisation's creator is its admin, so may import into it: no platform role needed.
  const org = (await call('POST', '/api/organizations', { cookie, body: { name: 'Bench Association', description: 'Bench organisation' } })).json;

  const started = performance.now();
  let created = 0;
  for (let from = 0; from < total; from += batch) {
    const records = Array.from({ length: Math.min(batch, total - from) }, (_, k) => service(from + k));
    const { json } = await call('POST', `/api/hsds/import?organization_id=${org.id}`, { cookie, body: { contents: records } });
    if (json.rejected.length) throw new Error(`rejected: ${JSON.stringify(json.rejected.slice(0, 3))}`);
    created += json.created;
  }
  const importSeconds = (performance.now() - started) / 1000;
  console.log(`import: ${created} services in ${importSeconds.toFixed(1)} s (${(created / importSeconds).toFixed(0)}/s; target ≤ 60 s) — load ${load()}`);

  const times = [];
  let listed = 0;
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    const { json } = await call('GET', '/api/hsds/services?minimal=true');
    times.push(performance.now() - t);
    listed = json.contents.length;
  }
  console.log(`GET /api/hsds/services?minimal=true: ${listed} services; ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (target ≤ 2000 ms) — load ${load()}`);

  const pageTimes = [];
  for (const n of [1, 50, 100, 200]) {
    const t = performance.now();
    await call('GET', `/api/hsds/services?per_page=50&page=${n}`);
    pageTimes.push(performance.now() - t);
  }
  console.log(`GET /api/hsds/services?per_page=50 (pages 1, 50, 100, 200): ${pageTimes.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  reportMemory('api memory at end', api.pid);
  console.log(`load average at end ${load()}`);
} finally {
  await cleanup();
}
