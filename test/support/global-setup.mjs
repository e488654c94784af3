// Plain ESM on purpose: Jest loads globalSetup outside the ESM test runtime, untransformed.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'api/dist/cli.js');

/**
 * Migrates one database per run, which every test file then copies (support/api-server.ts):
 * a Postgres template database when TEST_DATABASE_URL is set, else a PGlite data dir in a temp folder.
 * The names travel to the test files in SORSTARS_TEST_TEMPLATE_DB / SORSTARS_TEST_SNAPSHOT_DIR.
 * SORSTARS_TEST_PORT_OFFSET tells them where this run's servers look for ports (api-server.ts): a
 * place of its own, so two runs on one machine rarely look in the same place.
 */
export default async function globalSetup() {
  process.env.SORSTARS_TEST_PORT_OFFSET ??= String(randomInt(0, 12_768));
  for (const file of [CLI, path.join(ROOT, 'api/dist/main.js')]) {
    if (!fs.existsSync(file)) {
      throw new Error(
        `The API is not built (missing ${path.relative(ROOT, file)}). Run \`npm test\` (it builds first) or ` +
          '`npx nx run-many -t build --projects=@sorstars/shared,@sorstars/migrations,@sorstars/api`.',
      );
    }
  }
  const env = { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false' };
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `sorstars_tpl_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    await admin(serverUrl, `CREATE DATABASE ${name}`);
    process.env.SORSTARS_TEST_TEMPLATE_DB = name;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    migrate({ ...env, DATABASE_URL: url.toString() });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-snapshot-'));
    process.env.SORSTARS_TEST_SNAPSHOT_DIR = dir;
    migrate({ ...env, DATABASE_URL: '', DATA_DIR: dir });
  }
}

function migrate(env) {
  try {
    execFileSync(process.execPath, [CLI, 'migrate'], { cwd: ROOT, env, stdio: 'pipe' });
  } catch (err) {
    throw new Error(`Migrating the test database failed:\n${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
}

export async function admin(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
