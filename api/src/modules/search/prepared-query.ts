import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The search statement is large (one policy subquery per type), and planning it cost as much as
 * running it. Named statements are planned once per connection and then reused. Statement shapes
 * vary with the number of words and filters, and every name stays in every connection for its
 * life, so only the first MAX_SHAPES shapes get names; others run unnamed as before.
 */
const MAX_SHAPES = 64;
const named = new Set<string>();

interface PgPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

export async function preparedQuery<T>(db: DataSource, text: string, values: unknown[], prepare: boolean): Promise<T[]> {
  const pool = (db.driver as unknown as { master?: PgPool }).master;
  if (!prepare || !pool) return db.query(text, values);
  const name = `search_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  if (!named.has(name)) {
    if (named.size >= MAX_SHAPES) return db.query(text, values);
    named.add(name);
  }
  return (await pool.query({ name, text, values })).rows as T[];
}
