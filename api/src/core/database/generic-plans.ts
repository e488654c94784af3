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

  /**
   * `name`: the connections' application_name, so an operator can tell them apart in pg_stat_activity.
   * `settings`: more of Postgres's settings for these connections (values without spaces).
   */
  constructor(url: string, connections: number, name: string, settings: Record<string, string> = {}) {
    const options = Object.entries({ ...settings, plan_cache_mode: 'force_generic_plan' }).map(([key, value]) => `-c ${key}=${value}`);
    this.pool = new pg.Pool({
      connectionString: url,
      max: connections,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      application_name: name,
      options: options.join(' '),
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
 * GenericPlanStatements on a real Postgres, or the main pool on the embedded database: that is one
 * backend behind a socket that takes one client at a time. Closed with the main pool, after the
 * servers stop taking requests (onModuleDestroy would come first, and a statement still running
 * would fail): what runs after that goes to the main pool.
 */
export class OwnConnections {
  private statements: GenericPlanStatements | null;

  constructor(
    private readonly db: DataSource,
    database: DatabaseHandle,
    connections: number,
    name: string,
    settings: Record<string, string> = {},
  ) {
    this.statements = database.mode === 'postgres' ? new GenericPlanStatements(database.url, connections, name, settings) : null;
  }

  /** `sql` on these connections, or on the main pool where there are none. Only SQL whose generic plan seeks. */
  query<T>(sql: string, values: unknown[]): Promise<T[]> {
    return this.statements ? this.statements.query<T>(sql, values) : this.db.query(sql, values);
  }

  async close(): Promise<void> {
    const statements = this.statements;
    this.statements = null;
    await statements?.close();
  }
}

/**
 * The large reads of "these rows" that every mention, reply and followed message sets off, on
 * three connections with generic plans (on the main pool on the embedded database). For who hears
 * of a message, the deliveries with their rules and the unread counts, Postgres took 0.6, 3.1 and
 * 1.3 ms to plan on every call, against well under a millisecond each to run (docs/benchmarks.md,
 * 7 December 2026). Background work only: a person's send does not wait in this pool's queue.
 */
@Injectable()
export class GenericPlans implements OnApplicationShutdown {
  private readonly connections: OwnConnections;

  constructor(@InjectDataSource() db: DataSource, @Inject(DATABASE_HANDLE) database: DatabaseHandle) {
    this.connections = new OwnConnections(db, database, GENERIC_PLAN_CONNECTIONS, 'sorstars-generic-plans');
  }

  query<T>(sql: string, values: unknown[]): Promise<T[]> {
    return this.connections.query<T>(sql, values);
  }

  /** What still runs after the servers stop (the delivery worker's last batch) goes to the main pool. */
  onApplicationShutdown(): Promise<void> {
    return this.connections.close();
  }
}
