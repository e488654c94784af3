import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SpacesModule } from '../spaces/spaces.module.js';
import { StoriesModule } from '../stories/stories.module.js';
import { CrisisService } from './crisis.service.js';
import { ModerationController, SafetyController } from './moderation.controller.js';
import { ModerationRepository } from './moderation.repository.js';
import { ModerationService } from './moderation.service.js';

@Module({
  imports: [AccountsModule, SpacesModule, StoriesModule, EventsModule, NotificationsModule],
  controllers: [ModerationController, SafetyController],
  providers: [ModerationRepository, ModerationService, CrisisService],
  exports: [ModerationService, CrisisService],
})
export class ModerationModule {}
