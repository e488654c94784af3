import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { historyQuerySchema, sendMessageSchema } from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { ChatService } from './chat.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('NOT_FOUND') });
const restSendSchema = sendMessageSchema.omit({ spaceId: true });

@ApiTags('chat')
@Controller('spaces/:id/messages')
@Auth()
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  /** Newest first; `before` is a message id. Members only. */
  @Get()
  history(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query(new ZodPipe(historyQuerySchema)) q: z.output<typeof historyQuerySchema>) {
    return this.chat.history(user, id, q.before, q.limit, q.around);
  }

  /** The same send as the Socket.IO event, for clients without a socket (and forms without JS). */
  @Post()
  @ApiBody(jsonSchema(restSendSchema))
  async send(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(restSendSchema)) body: z.output<typeof restSendSchema>) {
    return { message: await this.chat.send(user, { ...body, spaceId: id }) };
  }

  @Get(':messageId/revisions')
  revisions(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('messageId', uuid) messageId: string) {
    return this.chat.revisions(user, id, messageId);
  }
}

