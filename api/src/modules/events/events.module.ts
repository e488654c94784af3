import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SpacesModule } from '../spaces/spaces.module.js';
import { CalendarService } from './calendar.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { EventFeedbackController } from './feedback/event-feedback.controller.js';
import { EventFeedbackRepository } from './feedback/event-feedback.repository.js';
import { EventFeedbackService } from './feedback/event-feedback.service.js';
import { EventMaterialsController } from './materials/event-materials.controller.js';
import { EventMaterialsRepository } from './materials/event-materials.repository.js';
import { EventMaterialsService } from './materials/event-materials.service.js';
import { MaterialFiles } from './materials/material-files.js';
import { MaterialUploadInterceptor } from './materials/upload.interceptor.js';
import { REMINDER_SWEEP_MS, RemindersWorker } from './reminders.js';

@Module({
  imports: [SpacesModule, NotificationsModule, OrganizationsModule],
  controllers: [EventsController, EventMaterialsController, EventFeedbackController],
  providers: [
    EventsRepository,
    EventsService,
    CalendarService,
    RemindersWorker,
    MaterialFiles,
    MaterialUploadInterceptor,
    EventMaterialsRepository,
    EventMaterialsService,
    EventFeedbackRepository,
    EventFeedbackService,
    { provide: REMINDER_SWEEP_MS, useValue: Number(process.env.REMINDER_SWEEP_SECONDS ?? 60) * 1000 },
  ],
  exports: [EventsService, EventMaterialsService, EventFeedbackService],
})
export class EventsModule {}
