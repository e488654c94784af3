// Notifications fan-out bench: one message in a space of N members who all chose "every message"
// (the @everyone-like case): how long until every in-app row is written, and how long until each
// member's socket has its live `notification:new` (p50/p95/max). Members, their sessions and
// levels are written straight into the database (registering 1,000 people through argon2id
// would take minutes and measures something else); the message goes through the real REST path.
// Runs the built API (api/dist) against a fresh Postgres database (or BENCH_DATABASE_URL).
//
//   npm run bench -- notifications [--members 1000]
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { benchDatabase, intArg, onStop, parseArgs, percentile, requireBuiltApi, sleep, startApi } from './lib.mjs';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { Client } = require('pg');

const args = parseArgs();
const MEMBERS = intArg(args, 'members', 1000, { max: 5000 });
requireBuiltApi();
const db = await benchDatabase('notif_bench');
const api = await startApi({ databaseUrl: db.url, env: { CHAT_SEND_LIMIT: '1000', NOTIFY_INTERVAL_MS: '1000' } });
const sockets = [];
onStop(async () => {
  for (const s of sockets) s.close();
  await api.stop();
  await db.drop();
});

const sql = new Client({ connectionString: db.url });
await sql.connect();
const sha = (s) => createHash('sha256').update(s).digest('hex');
const tag = randomBytes(3).toString('hex');
const sids = [];
const { rows: [author] } = await sql.query(`INSERT INTO users (username, username_key, password_hash) VALUES ($1, $1, 'x') RETURNING id`, [`author_${tag}`]);
const { rows: [space] } = await sql.query(
  `INSERT INTO spaces (slug, name, visibility, created_by) VALUES ($1, $2, 'public', $3) RETURNING id`,
  [`bench-${tag}`, `Helt Hjem Aarhus ${tag}`, author.id],
);
await sql.query(`INSERT INTO space_members (space_id, user_id, role) VALUES ($1, $2, 'host')`, [space.id, author.id]);
const authorSid = randomBytes(32).toString('base64url');
await sql.query(`INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [sha(authorSid), author.id]);
for (let i = 0; i < MEMBERS; i++) sids.push(randomBytes(32).toString('base64url'));
await sql.query(
  `WITH u AS (INSERT INTO users (username, username_key, password_hash)
              SELECT 'm_' || $1 || '_' || g, 'm_' || $1 || '_' || g, 'x' FROM generate_series(1, $2) g RETURNING id, username),
        n AS (SELECT id, row_number() OVER (ORDER BY username) AS k FROM u),
        s AS (INSERT INTO sessions (id_hash, user_id, expires_at) SELECT h, n.id, now() + interval '1 day' FROM n JOIN unnest($3::text[]) WITH ORDINALITY AS x(h, k) ON x.k = n.k RETURNING user_id),
        m AS (INSERT INTO space_members (space_id, user_id, accepted_guidelines_version) SELECT $4, id, 1 FROM n RETURNING user_id)
   INSERT INTO notification_space_levels (user_id, space_id, level) SELECT user_id, $4, 'all' FROM m`,
  [tag, MEMBERS, sids.map(sha), space.id],
);

// Every member's socket, connected and authenticated before the message.
const got = new Array(MEMBERS).fill(0);
const at = new Array(MEMBERS).fill(null);
let sentAt = 0;
await Promise.all(
  sids.map(
    (sid, i) =>
      new Promise((resolve, reject) => {
        const s = io(api.baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: `sid=${sid}` }, reconnection: false });
        sockets.push(s);
        s.on('notification:new', () => {
          got[i]++;
          at[i] ??= performance.now() - sentAt;
        });
        s.once('connect', resolve);
        s.once('connect_error', reject);
      }),
  ),
);
console.log(`members ${MEMBERS}, sockets connected ${sockets.length}`);

sentAt = performance.now();
const res = await fetch(`${api.baseUrl}/api/spaces/${space.id}/messages`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie: `sid=${authorSid}`, origin: api.baseUrl },
  body: JSON.stringify({ clientId: randomUUID(), body: 'Everyone: the meeting moved to Thursday.' }),
});
if (res.status !== 201) throw new Error(`send answered ${res.status}: ${await res.text()}`);
let rowsMs = null;
while (performance.now() - sentAt < 30_000) {
  if (rowsMs === null) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM notifications WHERE space_id = $1`, [space.id]);
    if (rows[0].n >= MEMBERS) rowsMs = performance.now() - sentAt;
  }
  if (rowsMs !== null && at.every((x) => x !== null)) break;
  await sleep(20);
}
await sleep(1000);
const latencies = at.filter((x) => x !== null);
const fmt = (v) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} ms`);
console.log(`in-app rows written (all ${MEMBERS})    ${fmt(rowsMs)}`);
console.log(`live notification:new received       ${latencies.length}/${MEMBERS}   p50 ${fmt(percentile(latencies, 50))}   p95 ${fmt(percentile(latencies, 95))}   max ${fmt(Math.max(...latencies))}`);
console.log(`duplicates                           ${got.filter((n) => n > 1).length}`);
await sql.end();
for (const s of sockets) s.close();
await api.stop();
await db.drop();
process.exit(0);
