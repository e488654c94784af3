import pg from 'pg';

/*
 * Named prepared statements for the queries every chat send and page request runs. Postgres plans
 * an unnamed statement afresh on each call, and for these short lookups planning cost more than
 * running them (pg_stat_statements under the chat-rooms bench: 1.6 ms of planning against 1 ms of
 * execution per send). Sent with a name, a statement is parsed once per connection and, after five
 * runs, Postgres keeps one generic plan when it is no worse than a custom one (plan_cache_mode auto).
 *
 * Only statements marked with `prepared()` get a name: SQL whose parameters do not change the best
 * plan (lookups by key), and the lists the main pages run, whose SQL is put together from a few
 * optional clauses — each shape gets its own name, and their values are parameters but for their
 * LIMIT, written in from a few sizes (page-limit.ts). (Their planning cost Postgres more than
 * running them: 0.4–1.2 ms against 0.1–0.4 ms per page.) Other SQL that inlines values stays
 * unnamed, as does a catch-all like `$3 IS NULL OR seq < $3`, whose generic
 * plan would filter instead of seeking. Large statements that read the rows of a list of ids keep
 * connections of their own, with generic plans (generic-plans.ts); a page's own such read, like
 * the replies under a page of comments, is named here instead, so it never waits behind
 * background work.
 */
const names = new Map<string, string>();

/** Marks fixed SQL to be sent as a named prepared statement; returns it unchanged. */
export function prepared(sql: string): string {
  if (!names.has(sql)) names.set(sql, `sorstars_${names.size + 1}`);
  return sql;
}

const plainQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;

/**
 * The pool's client (TypeORM passes `extra.Client` to pg's Pool): marked SQL goes out with its
 * name. Not used on the embedded database, whose single backend outlives the pool's connections
 * and would refuse a second PREPARE of the same name.
 */
export class PreparedStatementsClient extends pg.Client {}
PreparedStatementsClient.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
  const name = typeof config === 'string' ? names.get(config) : undefined;
  return plainQuery.call(this, name ? { name, text: config } : config, ...rest);
} as typeof pg.Client.prototype.query;
