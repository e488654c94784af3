import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepExchangesWhole } from './whole-exchanges.js';

/**
 * The embedded Postgres: PGlite persisted in a folder, served on a loopback port through
 * pglite-socket so the API reaches it with the ordinary `pg` driver — one code path for the
 * embedded and the real database. PGlite has a single backend, so the pool must hold one client.
 *
 * Only one process may open the folder. The owner writes its address to `server.json`, so the
 * CLI (grant, migrate) talks to a running API's database instead of opening the files twice.
 */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const addressFile = (dataDir: string) => path.join(dataDir, 'pglite', 'server.json');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of an embedded database another live process already serves from this folder. */
export function runningEmbeddedUrl(dataDir: string): string | null {
  try {
    const { pid, url } = JSON.parse(fs.readFileSync(addressFile(dataDir), 'utf8'));
    return pid !== process.pid && isAlive(pid) ? url : null;
  } catch {
    return null;
  }
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const running = runningEmbeddedUrl(dataDir);
  if (running) return { url: running, stop: async () => undefined };

  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir, { extensions: { pg_trgm, unaccent } });
  // Room for the CLI beside the API; the queue keeps a transaction's queries, and each
  // extended-protocol exchange, together (whole-exchanges.ts).
  const server = new PGLiteSocketServer({ db: keepExchangesWhole(db), host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  const url = `postgres://postgres@${host}:${port}/postgres`;
  fs.writeFileSync(addressFile(dataDir), JSON.stringify({ pid: process.pid, url }));
  return {
    url,
    async stop() {
      fs.rmSync(addressFile(dataDir), { force: true });
      await server.stop();
      await db.close();
    },
  };
}
