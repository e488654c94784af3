import { Controller, Get, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { LayoutAnswer } from '@sorstars/shared';
import { OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { companionRowOf } from '../../core/auth/session-companion.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { LayoutService } from './layout.service.js';

@ApiTags('layout')
@Controller('layout')
export class LayoutController {
  constructor(private readonly frames: LayoutService) {}

  /**
   * The frame of every page in one answer (the web asks once per page request): the same person
   * as GET /api/me, the count of GET /api/me/notifications/unread-count and the banner of
   * GET /api/banner, in the language the banner would be read in. For a session, the count and
   * the banner were read with its lookup (LayoutService).
   */
  @Get()
  @OptionalAuth()
  layout(@Req() req: Request): Promise<LayoutAnswer> {
    return this.frames.frame(req.user as AuthUser | undefined, requestLocale(req), companionRowOf(req));
  }
}
