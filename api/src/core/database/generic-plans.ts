import { createHash } from 'node:crypto';
import pg from 'pg';
import { IDLE_CONNECTION_MS } from './database.js';

/*
 * A few connections of their own for large statements that Postgres would otherwise plan afresh
 * on every call. A named statement on the main pool (prepared.ts) gets five custom plans per
 * connection, and then a generic one only when Postgres estimates it no dearer; for a statement
 * that reads "the rows of these ids" (`= ANY($1)`, `unnest($1)`) the generic plan is costed for
 * an array of unknown length, so the custom plan always looks cheaper and is made again, every
 * time. On these connections every statement uses its generic plan from the first run: only for
 * SQL whose generic plan seeks (test/api/query-plans.e2e-spec.ts checks each), never for a
 * catch-all such as `$3 IS NULL OR seq < $3`.
 *
 * Named statements stay in a connection for its life: only the first MAX_SHAPES shapes get names,
 * others run unnamed.
 */
const MAX_SHAPES = 64;

export class GenericPlanStatements {
  private readonly named = new Set<string>();
  private readonly pool: pg.Pool;

  constructor(url: string, connections: number) {
    this.pool = new pg.Pool({ connectionString: url, max: connections, idleTimeoutMillis: IDLE_CONNECTION_MS, options: '-c plan_cache_mode=force_generic_plan' });
  }

  async query<T>(text: string, values: unknown[]): Promise<T[]> {
    const name = `generic_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (!this.named.has(name) && this.named.size < MAX_SHAPES) this.named.add(name);
    const config = this.named.has(name) ? { name, text, values } : { text, values };
    return (await this.pool.query(config)).rows as T[];
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
