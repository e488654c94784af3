import { Module } from '@nestjs/common';
import { SpacesModule } from '../spaces/spaces.module.js';
import { CardExpirySweep } from './card-expiry-sweep.js';
import { CircleController } from './circle.controller.js';
import { CircleRepository } from './circle.repository.js';
import { CircleService } from './circle.service.js';
import { NumbersRepository } from './numbers.repository.js';

@Module({
  imports: [SpacesModule],
  controllers: [CircleController],
  providers: [CircleRepository, NumbersRepository, CircleService, CardExpirySweep],
})
export class CircleModule {}
