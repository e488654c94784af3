import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Runs an UPDATE or DELETE … RETURNING and answers its rows. TypeORM answers such commands as
 * `[rows, rowCount]` (so `.length` is always 2); wrapping the statement in a CTE makes it a
 * SELECT, whose answer is the rows themselves.
 */
export async function returning<T>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  return db.query(`WITH changed AS (${sql}) SELECT * FROM changed`, params);
}
