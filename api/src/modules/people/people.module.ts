import { Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module.js';
import { PeopleController } from './people.controller.js';
import { PeopleRepository } from './people.repository.js';
import { PeopleService } from './people.service.js';

/** The admins' people pages (roles and suspensions); changes go through moderation's log and suspension path. */
@Module({
  imports: [ModerationModule],
  controllers: [PeopleController],
  providers: [PeopleRepository, PeopleService],
})
export class PeopleModule {}
