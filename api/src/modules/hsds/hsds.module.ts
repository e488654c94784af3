import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ResourcesModule } from '../resources/resources.module.js';
import { HsdsCorsMiddleware, HsdsRateLimitGuard } from './hsds-http.js';
import { HsdsImportService } from './hsds-import.service.js';
import { HsdsValidator } from './hsds-validator.js';
import { HsdsWriter } from './hsds-writer.js';
import { HsdsController } from './hsds.controller.js';
import { HsdsRepository } from './hsds.repository.js';
import { HsdsService } from './hsds.service.js';

/** Open Referral HSDS 3.1 under /api/hsds: the directory for other tools, and imports from them. */
@Module({
  imports: [OrganizationsModule, ResourcesModule],
  controllers: [HsdsController],
  providers: [
    // The official schemas, read from api/vendor/hsds-3.1 and compiled on first use.
    { provide: HsdsValidator, useFactory: () => new HsdsValidator() },
    HsdsRepository,
    HsdsService,
    HsdsImportService,
    HsdsWriter,
    HsdsRateLimitGuard,
  ],
  exports: [HsdsImportService],
})
export class HsdsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HsdsCorsMiddleware).forRoutes('hsds', 'hsds/*path');
  }
}
