import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService } from './registrations.service.js';
import { RETENTION_SWEEP_MS, RetentionWorker } from './retention.js';

@Module({
  imports: [EventsModule, NotificationsModule, OrganizationsModule],
  controllers: [RegistrationsController],
  providers: [
    RegistrationsRepository,
    RegistrationsService,
    RetentionWorker,
    { provide: RETENTION_SWEEP_MS, useValue: Number(process.env.REGISTRATION_SWEEP_SECONDS ?? 3600) * 1000 },
  ],
})
export class RegistrationsModule {}
