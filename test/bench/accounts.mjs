// Accounts bench: registrations/s and login latency (argon2id dominates both), then GET /api/me
// with a session cookie and with a personal access token, and the API's memory. Runs the built API
// (api/dist; builds nothing) on loopback against a fresh Postgres database (or BENCH_DATABASE_URL,
// or --embedded PGlite).
//
//   npm run bench -- accounts [--clients 4] [--users 40] [--logins 80] [--me 2000] [--embedded]
import {
  benchDatabase,
  intArg,
  onStop,
  parseArgs,
  report,
  reportMemory,
  requireBuiltApi,
  runConcurrent,
  startApi,
} from './lib.mjs';

const args = parseArgs();
if (args.help) {
  console.log('usage: npm run bench -- accounts [--clients N] [--users N] [--logins N] [--me N] [--embedded]');
  process.exit(0);
}
const clients = intArg(args, 'clients', 4, { max: 256 });
const users = intArg(args, 'users', 40, { max: 5_000 });
const logins = intArg(args, 'logins', 80, { max: 20_000 });
const meRequests = intArg(args, 'me', 2000, { max: 200_000 });
const embedded = Boolean(args.embedded);

requireBuiltApi();
const runId = Date.now().toString(36);
const database = embedded ? null : await benchDatabase('sorstars_bench');
let api = null;
const cleanup = onStop(async () => {
  await api?.stop().catch(() => undefined);
  await database?.drop().catch((err) => console.error(`could not drop the bench database: ${err.message}`));
});

try {
  api = await startApi({
    databaseUrl: database?.url ?? null,
    // The login throttle is a feature, not what is measured here.
    env: { LOGIN_LIMIT_PER_USERNAME: '1000000', LOGIN_LIMIT_PER_IP: '1000000' },
  });
  console.log(`accounts bench: ${clients} clients, ${users} registrations, ${logins} logins, ${meRequests} GET /api/me`);
  console.log(`database: ${embedded ? 'embedded PGlite (temporary DATA_DIR)' : database.label}; node ${process.version}; API started in ${(api.startupMs / 1000).toFixed(1)} s`);
  reportMemory('api memory at start', api.pid);

  const json = { 'content-type': 'application/json' };
  const password = (i) => `bench ${runId} horse battery ${i}`;
  const username = (i) => `b${runId}_${i}`;
  const cookies = [];
  const sid = (res) => res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sid='));

  const registered = await runConcurrent({
    total: users,
    concurrency: clients,
    task: async (i) => {
      const res = await fetch(`${api.baseUrl}/api/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: username(i), password: password(i), locale: 'en' }),
      });
      const body = await res.text();
      if (res.status !== 201) throw new Error(`register ${res.status}: ${body.slice(0, 200)}`);
      cookies[i] = sid(res);
    },
  });
  report('POST /api/auth/register', registered);
  if (registered.latencies.length === 0) throw new Error(`no registration succeeded: ${registered.errors.join('; ')}`);
  const ready = [...cookies.keys()].filter((i) => cookies[i]);

  const loggedIn = await runConcurrent({
    total: logins,
    concurrency: clients,
    task: async (n) => {
      const i = ready[n % ready.length];
      const res = await fetch(`${api.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: username(i), password: password(i) }),
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`login ${res.status}: ${body.slice(0, 200)}`);
    },
  });
  report('POST /api/auth/login', loggedIn);

  const me = (n) =>
    fetch(`${api.baseUrl}/api/me`, { headers: { cookie: cookies[ready[n % ready.length]] } }).then(async (res) => {
      const body = await res.text();
      if (res.status !== 200) throw new Error(`me ${res.status}: ${body.slice(0, 200)}`);
    });
  await runConcurrent({ total: Math.min(200, meRequests), concurrency: clients, task: me }); // warm-up
  const meResult = await runConcurrent({ total: meRequests, concurrency: clients, task: me });
  report('GET /api/me (cookie)', meResult);

  // The same with a personal access token each, as a script or calendar app calls.
  const tokens = [];
  for (const i of ready) {
    const res = await fetch(`${api.baseUrl}/api/auth/tokens`, { method: 'POST', headers: { ...json, cookie: cookies[i] }, body: JSON.stringify({ name: 'bench' }) });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`token ${res.status}: ${body.slice(0, 200)}`);
    tokens.push(JSON.parse(body).token);
  }
  const meByToken = (n) =>
    fetch(`${api.baseUrl}/api/me`, { headers: { authorization: `Bearer ${tokens[n % tokens.length]}` } }).then(async (res) => {
      const body = await res.text();
      if (res.status !== 200) throw new Error(`me by token ${res.status}: ${body.slice(0, 200)}`);
    });
  await runConcurrent({ total: Math.min(200, meRequests), concurrency: clients, task: meByToken }); // warm-up
  const tokenResult = await runConcurrent({ total: meRequests, concurrency: clients, task: meByToken });
  report('GET /api/me (token)', tokenResult);
  reportMemory('api memory at end', api.pid);

  const failed = registered.failures + loggedIn.failures + meResult.failures + tokenResult.failures;
  if (failed) {
    console.error(`${failed} requests failed`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`accounts bench failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
