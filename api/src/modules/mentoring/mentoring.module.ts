import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { MatchConversations } from './match-conversations.js';
import { MentoringController } from './mentoring.controller.js';
import { MentoringRepository } from './mentoring.repository.js';
import { MentoringService } from './mentoring.service.js';
import { MENTORING_SWEEP_MS, MentoringWorker } from './mentoring.worker.js';

@Module({
  imports: [NotificationsModule, ConversationsModule],
  controllers: [MentoringController],
  providers: [
    MentoringRepository,
    MentoringService,
    MentoringWorker,
    MatchConversations,
    { provide: MENTORING_SWEEP_MS, useValue: Number(process.env.MENTORING_SWEEP_SECONDS ?? 300) * 1000 },
  ],
  exports: [MentoringService],
})
export class MentoringModule {}
