import { Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module.js';
import { SpacesModule } from '../spaces/spaces.module.js';
import { ChatController } from './chat.controller.js';
import { ChatGateway } from './chat.gateway.js';
import { ChatRepository } from './chat.repository.js';
import { ChatService } from './chat.service.js';
import { SpaceViewController } from './space-view.controller.js';

@Module({
  imports: [SpacesModule, ModerationModule],
  controllers: [ChatController, SpaceViewController],
  providers: [ChatRepository, ChatService, ChatGateway],
})
export class ChatModule {}
