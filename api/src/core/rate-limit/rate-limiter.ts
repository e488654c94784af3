import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { returning } from '../database/returning.js';

export interface LimitState {
  /** True when the key has used up its window. */
  limited: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters kept in Postgres, so every API process sees the same count: a login
 * throttle that lived in one process's memory could be walked around by the load balancer.
 */
@Injectable()
export class RateLimiter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Counts one attempt and answers whether it is over `limit`, in one statement: the row lock of
   * the upsert orders concurrent attempts, so forty guesses sent at once are counted one by one and
   * only the first `limit` go on to be evaluated. Count *before* the expensive check, never after.
   */
  async take(key: string, limit: number, windowSeconds: number): Promise<LimitState> {
    const rows = await returning<{ hits: number; retry: number }>(
      this.db,
      `INSERT INTO rate_limits AS r (key, window_started_at, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_started_at > now() - make_interval(secs => $2) THEN r.hits + 1 ELSE 1 END,
         window_started_at = CASE WHEN r.window_started_at > now() - make_interval(secs => $2) THEN r.window_started_at ELSE now() END
       RETURNING hits, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry`,
      [key, windowSeconds],
    );
    const row = rows[0];
    return row.hits > limit ? { limited: true, retryAfterSeconds: Math.max(1, row.retry) } : { limited: false, retryAfterSeconds: 0 };
  }

  /** Gives back one counted attempt (it turned out not to be a guess, e.g. a correct password). */
  async release(key: string): Promise<void> {
    await this.db.query(`UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1`, [key]);
  }

  async reset(key: string): Promise<void> {
    await this.db.query(`DELETE FROM rate_limits WHERE key = $1`, [key]);
  }
}
