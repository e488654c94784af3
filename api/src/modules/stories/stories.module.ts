import { Module } from '@nestjs/common';
import { SpacesModule } from '../spaces/spaces.module.js';
import { CommentsRepository } from './comments.repository.js';
import { ContentNotesController, StoriesController } from './stories.controller.js';
import { StoriesRepository } from './stories.repository.js';
import { StoriesService } from './stories.service.js';

@Module({
  imports: [SpacesModule],
  controllers: [StoriesController, ContentNotesController],
  providers: [StoriesRepository, CommentsRepository, StoriesService],
  exports: [StoriesService],
})
export class StoriesModule {}
