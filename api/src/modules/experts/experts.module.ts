import { Module } from '@nestjs/common';
import { ExpertsController } from './experts.controller.js';
import { ExpertsRepository } from './experts.repository.js';
import { ExpertsService } from './experts.service.js';

@Module({
  controllers: [ExpertsController],
  providers: [ExpertsRepository, ExpertsService],
})
export class ExpertsModule {}
