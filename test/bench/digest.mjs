// Weekly digest bench: how long one sweep takes to write the digests of N people who were away
// this week, each a member of 5 spaces with 100 messages from the last days (every message checked
// against the person's rights). People and messages are written straight into the database; the
// sweep runs the API's own statement (api/dist digest.repository.js) once, timed, then again to
// show the second sweep writes nothing.
//
//   npm run bench -- digest [--people 1000]
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ROOT, benchDatabase, intArg, onStop, parseArgs, requireBuiltApi, startApi } from './lib.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const args = parseArgs();
const PEOPLE = intArg(args, 'people', 1000, { max: 20_000 });
requireBuiltApi();
const db = await benchDatabase('digest_bench');
// Started once so the schema is migrated; its own sweeps are off.
const api = await startApi({ databaseUrl: db.url, env: { NOTIFY_DIGEST_SWEEP_MS: '0' } });
const sql = new Client({ connectionString: db.url });
await sql.connect();
onStop(async () => {
  await sql.end();
  await api.stop();
  await db.drop();
});

const tag = randomBytes(3).toString('hex');
const { rows: [author] } = await sql.query(`INSERT INTO users (username, username_key, password_hash) VALUES ($1, $1, 'x') RETURNING id`, [`author_${tag}`]);
const { rows: spaces } = await sql.query(
  `INSERT INTO spaces (slug, name, visibility, created_by) SELECT 'd-' || $1 || '-' || g, 'Digest ' || g, 'public', $2 FROM generate_series(1, 5) g RETURNING id`,
  [tag, author.id],
);
const spaceIds = spaces.map((s) => s.id);
await sql.query(`INSERT INTO space_members (space_id, user_id, role) SELECT s, $2, 'host' FROM unnest($1::uuid[]) s`, [spaceIds, author.id]);
await sql.query(
  `WITH u AS (INSERT INTO users (username, username_key, password_hash) SELECT 'p_' || $1 || '_' || g, 'p_' || $1 || '_' || g, 'x' FROM generate_series(1, $2) g RETURNING id),
        a AS (INSERT INTO user_activity (user_id, last_active_at) SELECT id, now() - interval '10 days' FROM u RETURNING user_id)
   INSERT INTO space_members (space_id, user_id, accepted_guidelines_version) SELECT s, a.user_id, 1 FROM a CROSS JOIN unnest($3::uuid[]) s`,
  [tag, PEOPLE, spaceIds],
);
await sql.query(
  `INSERT INTO messages (space_id, seq, client_id, author_id, body, created_at)
   SELECT s, g, gen_random_uuid(), $2, 'news ' || g, now() - interval '1 day' + g * interval '1 minute' FROM unnest($1::uuid[]) s CROSS JOIN generate_series(1, 100) g`,
  [spaceIds, author.id],
);
await sql.query('ANALYZE');

const { DigestRepository } = await import(pathToFileURL(path.join(ROOT, 'api/dist/modules/notifications/digest.repository.js')).href);
const repo = new DigestRepository({ query: async (text, params) => (await sql.query(text, params)).rows });
const sweep = async () => {
  let total = 0;
  let after = null;
  for (;;) {
    const step = await repo.writeDigests(1000, after);
    total += step.written;
    if (step.lookedAt < 1000 || !step.lastId) return total;
    after = step.lastId;
  }
};
let t = performance.now();
const written = await sweep();
const firstMs = performance.now() - t;
t = performance.now();
const again = await sweep();
const secondMs = performance.now() - t;
console.log(`digest: ${PEOPLE} people away, 5 spaces × 100 messages each (${db.label})`);
console.log(`  first sweep: ${written} digests written in ${(firstMs / 1000).toFixed(2)} s`);
console.log(`  second sweep: ${again} written (one per ISO week) in ${(secondMs / 1000).toFixed(2)} s`);
process.exit(written === PEOPLE && again === 0 ? 0 : 1);
