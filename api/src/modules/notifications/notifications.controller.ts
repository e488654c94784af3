import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { notificationPreferencesInput, type NotificationPreferencesInput } from '@sorstars/shared';
import { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesService } from './preferences.service.js';

const markReadSchema = z.strictObject({ ids: z.array(z.uuid({ error: 'validation.uuid' })).max(200).optional() });

const cursorSchema = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const [createdAt, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
    // Only what this API hands out: an ISO time Postgres can read, and a uuid.
    if (!/^(19|20)\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d{3}Z$/.test(createdAt ?? '') || Number.isNaN(Date.parse(createdAt)) || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: 'custom', message: 'validation.invalidValue' });
      return z.NEVER;
    }
    return { createdAt, id };
  });
const listQuery = z.object({
  unread: z.enum(['true', 'false'], { error: 'validation.invalidValue' }).optional(),
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).optional(),
  cursor: cursorSchema.optional(),
});

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

/** The contract's paths: the list with filters and a cursor, and what people decide. */
@ApiTags('notifications')
@Controller('notifications')
@Auth()
export class NotificationSettingsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: PreferencesService,
  ) {}

  /** My notifications, newest first, only what I may still read; `unread=true` for the unread ones alone. */
  @Get()
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(listQuery)) q: z.output<typeof listQuery>) {
    return this.notifications.list(user.id, { unread: q.unread === 'true', limit: q.limit ?? 50, cursor: q.cursor ?? null });
  }

  @Get('preferences')
  get(@CurrentUser() user: AuthUser) {
    return this.preferences.get(user);
  }

  /** Everything left out stays as it was; per space, levels for spaces one is not in are refused. */
  @Put('preferences')
  @ApiBody(jsonSchema(notificationPreferencesInput))
  put(@CurrentUser() user: AuthUser, @Body(new ZodPipe(notificationPreferencesInput)) body: NotificationPreferencesInput) {
    return this.preferences.update(user, body);
  }
}
