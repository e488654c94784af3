import { createHash } from 'node:crypto';
import pg from 'pg';
import { IDLE_CONNECTION_MS } from '../../core/database/database.js';

/**
 * The search statement is large (one policy subquery per type) and planning it cost as much as
 * running it — under load 25–45 ms against 2–6 ms of execution. Postgres plans a named statement
 * afresh for its first five runs on each connection before it settles on a generic plan, and with
 * several statement shapes (one per number of words and filters) on every pooled connection those
 * first runs were a good part of all runs. So search has its own few connections that use the
 * generic plan from the first run (the words reach the plan only through a materialised CTE, so a
 * custom plan knew nothing more). Named statements stay in a connection for its life: only the
 * first MAX_SHAPES shapes get names, others run unnamed.
 */
const MAX_SHAPES = 64;
const POOL_SIZE = 4;

export class SearchStatements {
  private readonly named = new Set<string>();
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, idleTimeoutMillis: IDLE_CONNECTION_MS, options: '-c plan_cache_mode=force_generic_plan' });
  }

  async query<T>(text: string, values: unknown[]): Promise<T[]> {
    const name = `search_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (!this.named.has(name) && this.named.size < MAX_SHAPES) this.named.add(name);
    const config = this.named.has(name) ? { name, text, values } : { text, values };
    return (await this.pool.query(config)).rows as T[];
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
