import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { NotificationsService } from './notifications.service.js';

const markReadSchema = z.strictObject({ ids: z.array(z.uuid({ error: 'validation.uuid' })).max(200).optional() });

@ApiTags('notifications')
@Controller('me/notifications')
@Auth()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.notifications.list(user.id);
  }

  /** The number of unread notifications, for the header of every page. */
  @Get('unread-count')
  async unreadCount(@CurrentUser() user: AuthUser): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(user.id) };
  }

  /** Marks the listed notifications read, or all of them when no ids are given. */
  @Post('read')
  @HttpCode(200)
  @ApiBody(jsonSchema(markReadSchema))
  async read(@CurrentUser() user: AuthUser, @Body(new ZodPipe(markReadSchema)) body: z.output<typeof markReadSchema>) {
    return { marked: await this.notifications.markRead(user.id, body.ids) };
  }
}
