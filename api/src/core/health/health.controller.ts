import { Controller, Get, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Health } from '@sorstars/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DATABASE_HANDLE, type DatabaseHandle } from '../database/database.js';

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATABASE_HANDLE) private readonly database: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Which services are in use; answers only when the database does. */
  @Get()
  async health(): Promise<Health> {
    await this.db.query('SELECT 1');
    return {
      status: 'ok',
      database: this.database.mode,
      search: this.config.meiliUrl ? 'meilisearch' : 'postgres',
      realtime: this.config.redisUrl ? 'redis' : 'memory',
      ...(this.config.meiliUrl && { searchOutbox: await this.outboxLag() }),
    };
  }

  /** How far Meilisearch is behind the database (the search outbox's backlog). */
  private async outboxLag() {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(enqueued_at)), 0)::float AS lag FROM search_outbox`,
    );
    return { pending: row.pending as number, lagSeconds: Math.round(Number(row.lag) * 10) / 10 };
  }
}
