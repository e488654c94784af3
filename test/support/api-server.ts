import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { API_MAIN, COMPILE_CACHE_ENV, ENV_PORT_OFFSET, ENV_SNAPSHOT_DIR, ENV_TEMPLATE_DB, ROOT } from './paths.js';
import { admin, query, uniqueDbName, withDatabase } from './postgres.js';

/** Where an API keeps its data: a Postgres database or an embedded PGlite data directory. */
export type TestDatabase = { kind: 'postgres'; url: string; dataDir: string } | { kind: 'embedded'; dataDir: string };

export interface StartApiOptions {
  /** Share a database another startApi() made (multi-process tests); it is not dropped on stop. */
  database?: TestDatabase;
  /** Extra environment for the API process (e.g. LOGIN_LIMIT_PER_IP). */
  env?: Record<string, string>;
  /**
   * A real Postgres in every run, for what only a server of many sessions shows (another session
   * holding a lock): the embedded database is one backend for every connection.
   */
  realPostgres?: boolean;
}

/**
 * The run's Postgres server, else the one the team's machines and CI run at 127.0.0.1:5432 (as
 * chat-multiprocess uses their Redis in every run).
 */
const POSTGRES_SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestApi {
  /** e.g. http://127.0.0.1:41234 — paths start with /api. */
  url: string;
  port: number;
  env: Record<string, string>;
  database: TestDatabase;
  /** A pg connection URL for the database (the embedded one is reached through the API's socket). */
  databaseUrl(): string;
  /** One query straight against the database, for arranging what the API cannot (e.g. expiry). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Graceful stop, then drops the database this call created. */
  stop(): Promise<void>;
  /** Sends a signal and waits for the exit (no cleanup of the database). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Test servers take their ports from 20000–32767, found free by binding: from a place chosen for
 * this run (by globalSetup), and there from a slice of its own for each jest worker. Not from the
 * kernel's choice (port 0): that comes from the ephemeral range (32768–60999 here), where any
 * process's next outgoing connection (a Postgres pool, Chromium, a fetch) may take the port in the
 * second or two before the API, still booting, binds it — and another test file's server may be
 * handed the same one. Here only this worker's own servers can take a port, and each call moves on.
 */
const PORTS_START = 20_000;
const PORTS = 32_768 - PORTS_START;
const PORT_SLICE = 250;
// Test files in one worker run one after another, each with this module afresh: start anywhere.
let nextPortOffset = Math.floor(Math.random() * PORT_SLICE);

export async function freePort(): Promise<number> {
  const run = Number(process.env[ENV_PORT_OFFSET] ?? 0);
  const sliceStart = run + Number(process.env.JEST_WORKER_ID ?? 0) * PORT_SLICE;
  for (let tried = 0; tried < PORT_SLICE; tried++) {
    const port = PORTS_START + ((sliceStart + (nextPortOffset++ % PORT_SLICE)) % PORTS);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in this worker's slice (${PORTS_START + (sliceStart % PORTS)} and on)`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A fresh copy of the migrated snapshot made by globalSetup. `realPostgres` in a run on the embedded
 * database: an empty database on the machine's Postgres, which the API migrates as it starts.
 */
async function freshDatabase(realPostgres = false): Promise<TestDatabase> {
  const template = process.env[ENV_TEMPLATE_DB];
  if ((process.env.TEST_DATABASE_URL && template) || realPostgres) {
    const name = uniqueDbName('sorstars_test');
    await admin(POSTGRES_SERVER, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    // Files the API keeps (uploads, generated keys) go to a folder of the test's own, not the repository's data/.
    return { kind: 'postgres', url: withDatabase(POSTGRES_SERVER, name), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-test-files-')) };
  }
  const snapshot = process.env[ENV_SNAPSHOT_DIR];
  if (!snapshot) throw new Error('No migrated snapshot: run the tests through jest (test/jest.config.js sets up globalSetup).');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-test-'));
  fs.cpSync(snapshot, dataDir, { recursive: true });
  return { kind: 'embedded', dataDir };
}

async function dropDatabase(db: TestDatabase): Promise<void> {
  if (db.kind === 'embedded') {
    fs.rmSync(db.dataDir, { recursive: true, force: true });
    return;
  }
  fs.rmSync(db.dataDir, { recursive: true, force: true });
  const name = new URL(db.url).pathname.slice(1);
  await admin(POSTGRES_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/**
 * A test's own queries against an embedded database, one after another. PGlite answers one exchange
 * at a time anyway, and pglite-socket drops a connection past its fourth (the API holds one), so a
 * `Promise.all` of helpers that each run SQL (five new people, each made thirty days old) used to
 * fail now and then with `read ECONNRESET`. Keyed by data folder: APIs sharing one share its queue.
 */
const embeddedQueues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(dataDir: string, run: () => Promise<T>): Promise<T> {
  const next = (embeddedQueues.get(dataDir) ?? Promise.resolve()).then(run);
  embeddedQueues.set(dataDir, next.catch(() => undefined));
  return next;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with code ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The API did not answer /api/health within ${timeoutMs} ms:\n${output()}`);
}

/** Starts `node api/dist/main.js` on a free port with its own database (or a shared one). */
export async function startApi(options: StartApiOptions = {}): Promise<TestApi> {
  const owned = !options.database;
  const database = options.database ?? (await freshDatabase(options.realPostgres));
  // A test may name the port (to start an API where a web server already looks for one).
  const port = options.env?.API_PORT ? Number(options.env.API_PORT) : await freePort();
  const env: Record<string, string> = {
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    // Every test registers its people from loopback; the registration throttle has its own tests.
    REGISTER_LIMIT_PER_IP: '100000',
    ...(database.kind === 'postgres' ? { DATABASE_URL: database.url, DATA_DIR: database.dataDir } : { DATABASE_URL: '', DATA_DIR: database.dataDir }),
    ...options.env,
  };
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...COMPILE_CACHE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const output = () => log;
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  // A crash mid-file would otherwise show only as ECONNREFUSED in every later test.
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`\n[startApi] API on port ${port} exited unexpectedly (code ${code}, signal ${signal}):\n${log}\n`);
  });

  const databaseUrl = () => {
    if (database.kind === 'postgres') return database.url;
    const file = path.join(database.dataDir, 'pglite', 'server.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { url: string }).url;
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    // A graceful stop gets a few seconds; then it is not graceful any more.
    const timer = signal === 'SIGKILL' ? null : setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    if (timer) clearTimeout(timer);
  };

  try {
    await waitForHealth(url, child, output);
  } catch (err) {
    await kill();
    if (owned) await dropDatabase(database);
    throw err;
  }

  return {
    url,
    port,
    env,
    database,
    databaseUrl,
    sql: (text, params) => (database.kind === 'postgres' ? query(database.url, text, params) : oneAtATime(database.dataDir, () => query(databaseUrl(), text, params))),
    output,
    kill,
    async stop() {
      await kill('SIGTERM');
      if (owned) await dropDatabase(database);
    },
  };
}
