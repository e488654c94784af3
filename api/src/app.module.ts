import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './core/config/config.js';
import type { DatabaseHandle } from './core/database/database.js';
import { CoreModule } from './core/core.module.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseHandle): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, database), AccountsModule],
    };
  }
}
