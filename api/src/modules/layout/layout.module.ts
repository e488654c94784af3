import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { LayoutAlongInterceptor } from './layout-along.interceptor.js';
import { LayoutController } from './layout.controller.js';
import { LayoutService } from './layout.service.js';

@Module({
  imports: [AccountsModule, NotificationsModule, ModerationModule],
  controllers: [LayoutController],
  providers: [LayoutService, { provide: APP_INTERCEPTOR, useClass: LayoutAlongInterceptor }],
})
export class LayoutModule {}
