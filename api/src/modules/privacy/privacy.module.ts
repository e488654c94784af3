import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';

@Module({
  controllers: [PrivacyController],
  providers: [PrivacyRepository, PrivacyService],
})
export class PrivacyModule {}
