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
    };
  }
}
