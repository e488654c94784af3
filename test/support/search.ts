import { randomBytes } from 'node:crypto';
import { sleep } from './sockets.js';
import type { TestApi } from './api-server.js';

/**
 * With MEILI_URL set, search tests run against that Meilisearch server, each API on its own
 * index; without it, on Postgres search.
 */
export function searchEngineEnv(): Record<string, string> {
  if (!process.env.MEILI_URL) return {};
  return {
    MEILI_URL: process.env.MEILI_URL,
    ...(process.env.MEILI_KEY && { MEILI_KEY: process.env.MEILI_KEY }),
    MEILI_INDEX: `test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`,
    SEARCH_RELAY_INTERVAL_MS: '100',
  };
}

/** Waits until what was written is searchable: at once on Postgres; after the outbox drains (and the engine's tasks ran) on Meilisearch. */
export async function searchIndexSettled(api: TestApi): Promise<void> {
  if (!process.env.MEILI_URL) return;
  const end = Date.now() + 60_000;
  while ((await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM search_outbox`))[0].n > 0) {
    if (Date.now() > end) throw new Error('the search outbox did not drain');
    await sleep(100);
  }
  await sleep(1000); // Meilisearch applies accepted documents asynchronously
}
