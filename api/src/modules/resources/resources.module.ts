import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ResourcesController } from './resources.controller.js';
import { ResourcesRepository } from './resources.repository.js';
import { ResourcesService } from './resources.service.js';
import { STALE_SWEEP_MS, StaleSweep } from './stale-sweep.js';

@Module({
  imports: [OrganizationsModule],
  controllers: [ResourcesController],
  providers: [ResourcesRepository, ResourcesService, StaleSweep, { provide: STALE_SWEEP_MS, useValue: 6 * 3_600_000 }],
  exports: [ResourcesService],
})
export class ResourcesModule {}
