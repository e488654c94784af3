import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

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

  /** Whether `key` is over `limit` in its current window, without counting a hit. */
  async check(key: string, limit: number, windowSeconds: number): Promise<LimitState> {
    const rows: { hits: number; retry: number }[] = await this.db.query(
      `SELECT hits, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry
         FROM rate_limits WHERE key = $1 AND window_started_at > now() - make_interval(secs => $2)`,
      [key, windowSeconds],
    );
    const row = rows[0];
    return row && row.hits >= limit
      ? { limited: true, retryAfterSeconds: Math.max(1, row.retry) }
      : { limited: false, retryAfterSeconds: 0 };
  }

  /** Counts one hit, starting a new window when the old one has passed. */
  async hit(key: string, windowSeconds: number): Promise<void> {
    await this.db.query(
      `INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_started_at > now() - make_interval(secs => $2) THEN rate_limits.hits + 1 ELSE 1 END,
         window_started_at = CASE WHEN rate_limits.window_started_at > now() - make_interval(secs => $2) THEN rate_limits.window_started_at ELSE now() END`,
      [key, windowSeconds],
    );
  }

  /**
   * Counts one hit and says whether it went over `limit`, in one statement: two processes (or
   * two requests) racing on the same key cannot both read "one left" and both pass.
   */
  async consume(key: string, limit: number, windowSeconds: number): Promise<LimitState> {
    const rows: { hits: number; retry: number }[] = await this.db.query(
      `INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_started_at > now() - make_interval(secs => $2) THEN rate_limits.hits + 1 ELSE 1 END,
         window_started_at = CASE WHEN rate_limits.window_started_at > now() - make_interval(secs => $2) THEN rate_limits.window_started_at ELSE now() END
       RETURNING hits, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry`,
      [key, windowSeconds],
    );
    const row = rows[0]!;
    return row.hits > limit ? { limited: true, retryAfterSeconds: Math.max(1, row.retry) } : { limited: false, retryAfterSeconds: 0 };
  }

  async reset(key: string): Promise<void> {
    await this.db.query(`DELETE FROM rate_limits WHERE key = $1`, [key]);
  }
}
