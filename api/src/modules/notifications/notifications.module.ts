import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ActivityTracker } from './activity.tracker.js';
import { ChatNotificationsListener } from './chat-notifications.listener.js';
import { DELIVERY_OPTIONS, DeliveryWorker } from './delivery.worker.js';
import { DigestRepository } from './digest.repository.js';
import { EMAIL_CHANNEL, SmtpEmailChannel } from './email.channel.js';
import { EmailController } from './email.controller.js';
import { EmailRepository } from './email.repository.js';
import { EmailService } from './email.service.js';
import { DIGEST_SWEEP_MS, DigestWorker } from './digest.worker.js';
import { NotificationSettingsController, NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesService } from './preferences.service.js';
import { PushController } from './push.controller.js';
import { PUSH_CHANNEL } from './push.channel.js';
import { VapidKeyStore } from './vapid.js';
import { VAPID_KEYS, WebPushChannel } from './web-push.channel.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';

@Module({
  controllers: [NotificationsController, NotificationSettingsController, PushController, EmailController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    PreferencesService,
    DeliveryWorker,
    DigestRepository,
    DigestWorker,
    { provide: DIGEST_SWEEP_MS, useValue: Number(process.env.NOTIFY_DIGEST_SWEEP_MS ?? 60 * 60_000) },
    ChatNotificationsListener,
    ActivityTracker,
    { provide: APP_INTERCEPTOR, useExisting: ActivityTracker },
    { provide: VAPID_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new VapidKeyStore(config.dataDir) },
    { provide: PUSH_CHANNEL, useClass: WebPushChannel },
    EmailRepository,
    EmailService,
    { provide: EMAIL_CHANNEL, useClass: SmtpEmailChannel },
    {
      provide: DELIVERY_OPTIONS,
      useValue: {
        intervalMs: Number(process.env.NOTIFY_INTERVAL_MS ?? 1000),
        // Small batches in tests make two processes lease parts of one conversation at once.
        batchSize: Number(process.env.NOTIFY_BATCH_SIZE ?? 500),
        conversationWindowMs: Number(process.env.NOTIFY_CONVERSATION_WINDOW_MS ?? 5 * 60_000),
        emailWindowMs: Number(process.env.NOTIFY_EMAIL_WINDOW_MS ?? 30 * 60_000),
        emailRetryMs: Number(process.env.NOTIFY_EMAIL_RETRY_MS ?? 60_000),
        emailMaxTries: 5,
        emailMaxRejections: Number(process.env.NOTIFY_EMAIL_MAX_REJECTIONS ?? 3),
      },
    },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
