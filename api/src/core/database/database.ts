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
