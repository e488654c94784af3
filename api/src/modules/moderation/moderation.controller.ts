import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import {
  appealSchema,
  bannerSchema,
  createReportSchema,
  crisisResourceSchema,
  decideAppealSchema,
  moderationLogQuerySchema,
  queueQuerySchema,
  reportPreviewQuerySchema,
  resolveSchema,
  spaceModerationSettingsSchema,
  suspensionAppealSchema,
  watchedWordSchema,
  CRISIS_COUNTRIES,
  type CreateReportInput,
  type CrisisResourceInput,
  type ResolveInput,
  type WatchedWordInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { CrisisService } from './crisis.service.js';
import { ModerationService } from './moderation.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('NOT_FOUND') });
const itemUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('ITEM_NOT_FOUND') });

@ApiTags('moderation')
@Controller()
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post('reports')
  @Auth()
  @ApiBody(jsonSchema(createReportSchema))
  report(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createReportSchema)) body: CreateReportInput) {
    return this.moderation.report(user, body);
  }

  /** What the report page shows of the thing being reported. */
  @Get('reports/preview')
  @Auth()
  preview(@CurrentUser() user: AuthUser, @Query(new ZodPipe(reportPreviewQuerySchema)) q: z.output<typeof reportPreviewQuerySchema>) {
    return this.moderation.preview(user, q.targetType, q.targetId);
  }

  @Get('moderation/queue')
  @Auth()
  queue(@CurrentUser() user: AuthUser, @Query(new ZodPipe(queueQuerySchema)) q: z.output<typeof queueQuerySchema>) {
    return this.moderation.queue(user, q);
  }

  @Post('moderation/items/:id/resolve')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(resolveSchema))
  resolve(@CurrentUser() user: AuthUser, @Param('id', itemUuid) id: string, @Body(new ZodPipe(resolveSchema)) body: ResolveInput) {
    return this.moderation.resolve(user, id, body);
  }

  @Get('moderation/log')
  @Auth()
  log(@CurrentUser() user: AuthUser, @Query(new ZodPipe(moderationLogQuerySchema)) q: z.output<typeof moderationLogQuerySchema>) {
    return this.moderation.log(user, q.spaceId, q.limit);
  }

  /** What moderators did about the caller, with reasons, so they can appeal. */
  @Get('moderation/mine')
  @Auth()
  mine(@CurrentUser() user: AuthUser) {
    return this.moderation.mine(user);
  }

  @Post('moderation/actions/:id/appeal')
  @Auth()
  @ApiBody(jsonSchema(appealSchema))
  appeal(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(appealSchema)) body: z.output<typeof appealSchema>) {
    return this.moderation.appeal(user, id, body.note);
  }

  /** For a suspended person, who cannot sign in: username, password and why. */
  @Post('moderation/suspension-appeal')
  @ApiBody(jsonSchema(suspensionAppealSchema))
  appealSuspension(@Req() req: Request, @Body(new ZodPipe(suspensionAppealSchema)) body: z.output<typeof suspensionAppealSchema>) {
    return this.moderation.appealSuspension(body, req.ip ?? 'unknown');
  }

  @Get('moderation/appeals')
  @Auth()
  appeals(@CurrentUser() user: AuthUser, @Query('spaceId') spaceId?: string) {
    if (spaceId !== undefined && !/^[0-9a-f-]{36}$/i.test(spaceId)) throw new AppError('VALIDATION_FAILED', [{ path: 'spaceId', message: 'validation.uuid' }]);
    return this.moderation.appeals(user, spaceId);
  }

  @Post('moderation/appeals/:id/decide')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(decideAppealSchema))
  decide(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(decideAppealSchema)) body: z.output<typeof decideAppealSchema>) {
    return this.moderation.decideAppeal(user, id, body.outcome, body.note);
  }

  /** The space's current moderation settings, so the keepers' form can show them (hosts). */
  @Get('spaces/:id/moderation-settings')
  @Auth()
  currentSettings(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.moderation.settings(user, id, {});
  }

  /** Slow mode, first-message approval, auto-hide threshold, moderator names in the log (hosts). */
  @Put('spaces/:id/moderation-settings')
  @Auth()
  @ApiBody(jsonSchema(spaceModerationSettingsSchema))
  settings(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(spaceModerationSettingsSchema)) body: z.output<typeof spaceModerationSettingsSchema>) {
    return this.moderation.settings(user, id, body);
  }

  @Get('moderation/watched-words')
  @Auth()
  watchedWords(@CurrentUser() user: AuthUser, @Query('spaceId') spaceId?: string) {
    if (spaceId !== undefined && !/^[0-9a-f-]{36}$/i.test(spaceId)) throw new AppError('VALIDATION_FAILED', [{ path: 'spaceId', message: 'validation.uuid' }]);
    return this.moderation.watchedWords(user, spaceId);
  }

  @Post('moderation/watched-words')
  @Auth()
  @ApiBody(jsonSchema(watchedWordSchema))
  addWatchedWord(@CurrentUser() user: AuthUser, @Body(new ZodPipe(watchedWordSchema)) body: WatchedWordInput) {
    return this.moderation.addWatchedWord(user, body);
  }

  @Delete('moderation/watched-words/:id')
  @HttpCode(204)
  @Auth()
  deleteWatchedWord(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.moderation.deleteWatchedWord(user, id);
  }
}

@ApiTags('safety')
@Controller()
export class SafetyController {
  constructor(private readonly crisis: CrisisService) {}

  /** "Get help now": open to everyone, signed in or not. */
  @Get('crisis-resources')
  @OptionalAuth()
  resources(@Req() req: Request, @Query('country') country?: string) {
    if (country !== undefined && !(CRISIS_COUNTRIES as readonly string[]).includes(country)) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'country', message: 'validation.country' }]);
    }
    return this.crisis.forLocale(requestLocale(req), country).then((items) => ({ items }));
  }

  @Get('banner')
  @OptionalAuth()
  banner(@Req() req: Request) {
    return this.crisis.activeBanner(requestLocale(req)).then((banner) => ({ banner }));
  }

  @Get('admin/crisis-resources')
  @Auth('admin')
  all() {
    return this.crisis.all().then((items) => ({ items }));
  }

  @Post('admin/crisis-resources')
  @Auth('admin')
  @ApiBody(jsonSchema(crisisResourceSchema))
  create(@Body(new ZodPipe(crisisResourceSchema)) body: CrisisResourceInput) {
    return this.crisis.create(body);
  }

  @Put('admin/crisis-resources/:id')
  @Auth('admin')
  @ApiBody(jsonSchema(crisisResourceSchema))
  update(@Param('id', uuid) id: string, @Body(new ZodPipe(crisisResourceSchema)) body: CrisisResourceInput) {
    return this.crisis.update(id, body);
  }

  @Delete('admin/crisis-resources/:id')
  @HttpCode(204)
  @Auth('admin')
  remove(@Param('id', uuid) id: string) {
    return this.crisis.remove(id);
  }

  @Get('admin/banners')
  @Auth('admin')
  banners() {
    return this.crisis.banners().then((items) => ({ items }));
  }

  @Post('admin/banners')
  @Auth('admin')
  @ApiBody(jsonSchema(bannerSchema))
  createBanner(@CurrentUser() user: AuthUser, @Body(new ZodPipe(bannerSchema)) body: z.output<typeof bannerSchema>) {
    return this.crisis.createBanner(body as never, user.id);
  }

  @Delete('admin/banners/:id')
  @HttpCode(204)
  @Auth('admin')
  deleteBanner(@Param('id', uuid) id: string) {
    return this.crisis.deleteBanner(id);
  }
}
