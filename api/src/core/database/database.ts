import type { AppConfig } from '../config/config.js';

/** Where the database is, whether it is embedded, and how to let it go at shutdown. */
export interface DatabaseHandle {
  url: string;
  mode: 'embedded' | 'postgres';
  /** PGlite has a single backend: the pool must hold one client. */
  poolSize: number;
  close(): Promise<void>;
}

export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, mode: 'postgres', poolSize: 10, close: async () => undefined };
  }
  // Loaded only for the embedded database: PGlite cost every start on a real Postgres about 65 ms.
  const { startEmbeddedPostgres } = await import('./embedded.js');
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return { url: embedded.url, mode: 'embedded', poolSize: 1, close: () => embedded.stop() };
}

export const DATABASE_HANDLE = Symbol('DATABASE_HANDLE');

/**
 * How long a pooled connection to Postgres may sit idle before it is closed. pg's default, 10 s,
 * closed connections between bursts, and with each went its named statements and the backend's warm
 * caches: the next burst opened, warmed and re-planned anew, and its first pages waited for it
 * (docs/benchmarks.md, issue 16). A minute bridges the pauses of ordinary traffic and stays inside
 * the idle time-outs of common load balancers and NAT gateways between an API and a managed
 * Postgres (four minutes on some), which can drop an idle connection without telling either end.
 */
export const IDLE_CONNECTION_MS = 60_000;
