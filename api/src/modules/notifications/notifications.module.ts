import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ActivityTracker } from './activity.tracker.js';
import { ChatNotificationsListener } from './chat-notifications.listener.js';
import { DELIVERY_OPTIONS, DeliveryWorker } from './delivery.worker.js';
import { NotificationSettingsController, NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesService } from './preferences.service.js';
import { NoPushChannel, PUSH_CHANNEL } from './push.channel.js';

@Module({
  controllers: [NotificationsController, NotificationSettingsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    PreferencesService,
    DeliveryWorker,
    ChatNotificationsListener,
    ActivityTracker,
    { provide: APP_INTERCEPTOR, useExisting: ActivityTracker },
    { provide: PUSH_CHANNEL, useClass: NoPushChannel },
    {
      provide: DELIVERY_OPTIONS,
      useValue: {
        intervalMs: Number(process.env.NOTIFY_INTERVAL_MS ?? 1000),
        batchSize: 500,
        conversationWindowMs: Number(process.env.NOTIFY_CONVERSATION_WINDOW_MS ?? 5 * 60_000),
      },
    },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
