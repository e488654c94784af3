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

/** Waits until a queue table is empty: the API's background indexer or relay took every row. */
async function drained(api: TestApi, table: 'search_queue' | 'search_outbox'): Promise<void> {
  const end = Date.now() + 60_000;
  while ((await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n > 0) {
    if (Date.now() > end) throw new Error(`${table} did not drain`);
    await sleep(100);
  }
}

/**
 * Waits until what was written is in the index: messages are indexed a moment after their send
 * (search-queue.ts; a Postgres search catches up by itself, this is for reading the index
 * directly); on Meilisearch, also until the outbox drains and the engine's tasks ran.
 */
export async function searchIndexSettled(api: TestApi): Promise<void> {
  await drained(api, 'search_queue');
  if (!process.env.MEILI_URL) return;
  await drained(api, 'search_outbox');
  await sleep(1000); // Meilisearch applies accepted documents asynchronously
}
