import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SpacesModule } from '../spaces/spaces.module.js';
import { CalendarService } from './calendar.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { REMINDER_SWEEP_MS, RemindersWorker } from './reminders.js';

@Module({
  imports: [SpacesModule, NotificationsModule, OrganizationsModule],
  controllers: [EventsController],
  providers: [
    EventsRepository,
    EventsService,
    CalendarService,
    RemindersWorker,
    { provide: REMINDER_SWEEP_MS, useValue: Number(process.env.REMINDER_SWEEP_SECONDS ?? 60) * 1000 },
  ],
  exports: [EventsService],
})
export class EventsModule {}
