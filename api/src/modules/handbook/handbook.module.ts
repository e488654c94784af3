import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { HandbookController } from './handbook.controller.js';
import { HANDBOOK_SWEEP_MS, HandbookPublisher } from './handbook-publisher.js';
import { HandbookRepository } from './handbook.repository.js';
import { HandbookService } from './handbook.service.js';

@Module({
  imports: [NotificationsModule],
  controllers: [HandbookController],
  providers: [
    HandbookRepository,
    HandbookService,
    HandbookPublisher,
    { provide: HANDBOOK_SWEEP_MS, useValue: Number(process.env.HANDBOOK_SWEEP_SECONDS ?? 60) * 1000 },
  ],
})
export class HandbookModule {}
