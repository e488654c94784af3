import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { LayoutController } from './layout.controller.js';
import { LayoutService } from './layout.service.js';

@Module({
  imports: [AccountsModule, NotificationsModule, ModerationModule],
  controllers: [LayoutController],
  providers: [LayoutService],
})
export class LayoutModule {}
