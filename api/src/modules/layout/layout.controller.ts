import { Controller, Get, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { LayoutAnswer } from '@sorstars/shared';
import { OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { logger } from '../../core/logging/logger.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { CrisisService } from '../moderation/crisis.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';

@ApiTags('layout')
@Controller('layout')
export class LayoutController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly crisis: CrisisService,
  ) {}

  /**
   * The frame of every page in one answer (the web asks once per page request): the same person
   * as GET /api/me, the count of GET /api/me/notifications/unread-count and the banner of
   * GET /api/banner, in the language the banner would be read in.
   */
  @Get()
  @OptionalAuth()
  async layout(@Req() req: Request): Promise<LayoutAnswer> {
    const caller = req.user as AuthUser | undefined;
    const [user, unreadNotifications, banner] = await Promise.all([
      caller ? this.accounts.me(caller) : null,
      caller ? orElse(this.notifications.unreadCount(caller.id), 0, 'unread count') : 0,
      orElse(this.crisis.activeBanner(requestLocale(req)), null, 'banner'),
    ]);
    return { user, unreadNotifications, banner };
  }
}

/**
 * The count and the banner are extras: when one cannot be read, the page still knows who is
 * signed in (three separate calls used to fail separately; a failed frame would sign people out
 * of every page).
 */
function orElse<T>(work: Promise<T>, fallback: T, what: string): Promise<T> {
  return work.catch((err: unknown) => {
    logger.error({ err }, `layout: the ${what} could not be read`);
    return fallback;
  });
}
