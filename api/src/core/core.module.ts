import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { DATABASE_HANDLE, IDLE_CONNECTION_MS, type DatabaseHandle } from './database/database.js';
import { PreparedStatementsClient } from './database/prepared.js';
import { GenericPlans } from './database/generic-plans.js';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { ConnectionGuard } from './realtime/connection-guard.js';
import { RealtimeService } from './realtime/realtime.service.js';
import { PathParamsGuard } from './security/path-params.guard.js';
import { RequestOriginGuard } from './security/request-origin.guard.js';

/** Cross-cutting pieces every module may use: config, database, auth, rate limits, health. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, database: DatabaseHandle): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: database.url,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          extra: {
            max: database.poolSize,
            ...(database.mode === 'postgres' ? { Client: PreparedStatementsClient, idleTimeoutMillis: IDLE_CONNECTION_MS } : {}),
          },
          logging: false,
        }),
        AuthModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_HANDLE, useValue: database },
        GenericPlans,
        RateLimiter,
        RealtimeService,
        ConnectionGuard,
        { provide: APP_GUARD, useClass: RequestOriginGuard },
        { provide: APP_GUARD, useClass: PathParamsGuard },
      ],
      exports: [APP_CONFIG, DATABASE_HANDLE, GenericPlans, RateLimiter, RealtimeService, ConnectionGuard, AuthModule],
    };
  }
}
