import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { logger } from '../logging/logger.js';
import { DATABASE_HANDLE, IDLE_CONNECTION_MS, type DatabaseHandle } from './database.js';

/*
 * A few connections of their own for large statements that Postgres would otherwise plan afresh
 * on every call. A named statement on the main pool (prepared.ts) gets five custom plans per
 * connection, and then a generic one only when Postgres estimates it no dearer; for a statement
 * that reads "the rows of these ids" (`= ANY($1)`, `unnest($1)`) the generic plan is costed for
 * an array of unknown length, so the custom plan always looks cheaper and is made again, every
 * time. On these connections every statement uses its generic plan from the first run: only for
 * SQL whose generic plan seeks (test/api/query-plans.e2e-spec.ts checks that none reads a big table
 * whole), never for a catch-all such as `$3 IS NULL OR seq < $3`.
 *
 * Named statements stay in a connection for its life: only the first MAX_SHAPES shapes get names,
 * others run unnamed.
 */
const MAX_SHAPES = 64;
/** Each API process's connections for GenericPlans (search keeps its own). */
const GENERIC_PLAN_CONNECTIONS = 3;

export class GenericPlanStatements {
  private readonly named = new Set<string>();
  private readonly pool: pg.Pool;

  /** `name`: the connections' application_name, so an operator can tell them apart in pg_stat_activity. */
  constructor(url: string, connections: number, name: string) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: connections,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      application_name: name,
      options: '-c plan_cache_mode=force_generic_plan',
    });
    // An idle connection that Postgres ends (a restart, a failover) is reported on the pool: with
    // no listener, Node would throw it and end the whole process. The pool replaces it by itself.
    this.pool.on('error', (err) => logger.warn({ err, pool: name }, 'a generic-plan connection failed; the pool opens another'));
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

/**
 * The large reads of "these rows" that every mention, reply and followed message sets off, on
 * three connections with generic plans (a real Postgres only: the embedded database is one backend
 * that takes one client at a time, and runs them on the main pool). For who hears of a message, the
 * deliveries with their rules and the unread counts, Postgres took 0.6, 3.1 and 1.3 ms to plan on
 * every call, against well under a millisecond each to run (docs/benchmarks.md, 7 December 2026).
 * Background work only: a person's send does not wait in this pool's queue.
 */
@Injectable()
export class GenericPlans implements OnApplicationShutdown {
  private statements: GenericPlanStatements | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATABASE_HANDLE) database: DatabaseHandle,
  ) {
    this.statements = database.mode === 'postgres' ? new GenericPlanStatements(database.url, GENERIC_PLAN_CONNECTIONS, 'sorstars-generic-plans') : null;
  }

  /** `sql` on the generic-plan connections, or on the main pool where there are none. Only SQL whose generic plan seeks. */
  query<T>(sql: string, values: unknown[]): Promise<T[]> {
    return this.statements ? this.statements.query<T>(sql, values) : this.db.query(sql, values);
  }

  /**
   * Closed with the main pool, after the servers stop taking requests (onModuleDestroy would come
   * first): what still runs until then (the delivery worker's last batch) goes to the main pool.
   */
  async onApplicationShutdown(): Promise<void> {
    const statements = this.statements;
    this.statements = null;
    await statements?.close();
  }
}
