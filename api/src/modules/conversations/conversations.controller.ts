import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  conversationListQuerySchema,
  messageSettingsSchema,
  openConversationSchema,
  outreachSchema,
  type MessageSettings,
  type OpenConversationInput,
  type OutreachInput,
} from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { ConversationsService } from './conversations.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('CONVERSATION_NOT_FOUND') });

/** One-to-one conversations; their messages go through the chat's own routes and events. */
@ApiTags('conversations')
@Controller('conversations')
@Auth()
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Opens, or returns, the conversation with someone. */
  @Post()
  @HttpCode(200)
  @ApiBody(jsonSchema(openConversationSchema))
  open(@CurrentUser() user: AuthUser, @Body(new ZodPipe(openConversationSchema)) body: OpenConversationInput) {
    return this.conversations.openFor(user, body.userId);
  }

  /** `box=inbox` (default): conversations; `box=requests`: first messages waiting for my answer. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(conversationListQuerySchema)) q: z.output<typeof conversationListQuerySchema>) {
    return this.conversations.list(user, q.box);
  }

  /** Who may start a conversation with me. */
  @Get('settings')
  settings(@CurrentUser() user: AuthUser) {
    return this.conversations.settings(user);
  }

  @Put('settings')
  @ApiBody(jsonSchema(messageSettingsSchema))
  setSettings(@CurrentUser() user: AuthUser, @Body(new ZodPipe(messageSettingsSchema)) body: MessageSettings) {
    return this.conversations.setSettings(user, body.allowFrom);
  }

  /** "Reach out with care" about a review item, to the person it is about. */
  @Post('outreach')
  @HttpCode(200)
  @ApiBody(jsonSchema(outreachSchema))
  reachOut(@CurrentUser() user: AuthUser, @Body(new ZodPipe(outreachSchema)) body: OutreachInput) {
    return this.conversations.reachOut(user, body.itemId);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.conversations.get(user.id, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.conversations.answer(user, id, 'accept');
  }

  @Post(':id/ignore')
  @HttpCode(200)
  ignore(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.conversations.answer(user, id, 'ignore');
  }

  /** Declining an outreach closes it for both. */
  @Post(':id/decline')
  @HttpCode(204)
  async decline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    await this.conversations.answer(user, id, 'decline');
  }
}
