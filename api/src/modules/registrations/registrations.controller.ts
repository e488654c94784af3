import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  checkInSchema,
  eventRegistrationSchema,
  registrationImportSchema,
  registrationListQuerySchema,
  registrationSettingsSchema,
  registrationTokenSchema,
  walkInSchema,
  type EventRegistrationInput,
  type RegistrationSettingsInput,
  type WalkInInput,
} from '@sorstars/shared';
import type { Request } from 'express';
import type { z } from 'zod';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { RegistrationsService } from './registrations.service.js';

const eventUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('EVENT_NOT_FOUND') });
const registrationUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('REGISTRATION_NOT_FOUND') });
const tokenPipe = {
  transform(value: unknown) {
    if (!registrationTokenSchema.safeParse(value).success) throw new AppError('REGISTRATION_NOT_FOUND');
    return value as string;
  },
};
const PDF = 'application/pdf';
const CSV = 'text/csv; charset=utf-8';
const file = (bytes: Buffer | string, type: string, name: string) =>
  new StreamableFile(Buffer.from(bytes), { type, disposition: `attachment; filename="${name}"` });

/**
 * Multiplier-event registrations. The public form and the private link need no account; every
 * other route is for the organising organisation's staff, and answers 404 to anyone else.
 */
@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Get('events/:id/registration-settings')
  @OptionalAuth()
  @Header('Cache-Control', 'no-store')
  settings(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string) {
    return this.registrations.settings(user, id);
  }

  @Put('events/:id/registration-settings')
  @Auth()
  @ApiBody(jsonSchema(registrationSettingsSchema))
  saveSettings(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(registrationSettingsSchema)) body: RegistrationSettingsInput) {
    return this.registrations.saveSettings(user, id, body);
  }

  /** The public form: no sign-in needed, and no account is recorded with it. */
  @Post('events/:id/registrations')
  @OptionalAuth()
  @Header('Cache-Control', 'no-store')
  @ApiBody(jsonSchema(eventRegistrationSchema))
  register(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string, @Body(new ZodPipe(eventRegistrationSchema)) body: EventRegistrationInput, @Req() req: Request) {
    return this.registrations.register(user, id, body, req.ip ?? 'unknown');
  }

  @Get('events/:id/registrations')
  @Auth()
  @Header('Cache-Control', 'no-store')
  list(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Query(new ZodPipe(registrationListQuerySchema)) q: z.output<typeof registrationListQuerySchema>) {
    return this.registrations.list(user, id, q);
  }

  @Get('events/:id/registrations.csv')
  @Auth()
  @Header('Cache-Control', 'no-store')
  async exportCsv(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string) {
    return file(await this.registrations.exportCsv(user, id), CSV, 'registrations.csv');
  }

  @Post('events/:id/registrations/walk-ins')
  @Auth()
  @ApiBody(jsonSchema(walkInSchema))
  walkIn(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(walkInSchema)) body: WalkInInput) {
    return this.registrations.walkIn(user, id, body);
  }

  /** All rows or none; over 1,000 rows or 1 MB it is refused, naming `csv`. */
  @Post('events/:id/registrations/import')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(registrationImportSchema))
  import(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(registrationImportSchema)) body: z.output<typeof registrationImportSchema>) {
    return this.registrations.import(user, id, body.csv);
  }

  @Put('events/:id/registrations/:registrationId/check-in')
  @Auth()
  @ApiBody(jsonSchema(checkInSchema))
  checkIn(
    @CurrentUser() user: AuthUser,
    @Param('id', eventUuid) id: string,
    @Param('registrationId', registrationUuid) registrationId: string,
    @Body(new ZodPipe(checkInSchema)) body: z.output<typeof checkInSchema>,
  ) {
    return this.registrations.checkIn(user, id, registrationId, body.checkedIn);
  }

  @Get('events/:id/sign-in-sheet.pdf')
  @Auth()
  @Header('Cache-Control', 'no-store')
  async signInSheet(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Req() req: Request) {
    return file(await this.registrations.signInSheet(user, id, requestLocale(req)), PDF, 'sign-in-sheet.pdf');
  }

  @Get('events/:id/report')
  @Auth()
  @Header('Cache-Control', 'no-store')
  report(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string) {
    return this.registrations.report(user, id);
  }

  @Get('events/:id/report.pdf')
  @Auth()
  @Header('Cache-Control', 'no-store')
  async reportPdf(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Req() req: Request) {
    return file(await this.registrations.reportFile(user, id, requestLocale(req), 'pdf'), PDF, 'event-report.pdf');
  }

  @Get('events/:id/report.csv')
  @Auth()
  @Header('Cache-Control', 'no-store')
  async reportCsv(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Req() req: Request) {
    return file(await this.registrations.reportFile(user, id, requestLocale(req), 'csv'), CSV, 'event-report.csv');
  }

  /** The private link: the person sees what they gave, and may withdraw it. */
  @Get('registrations/:token')
  @Header('Cache-Control', 'no-store')
  mine(@Param('token', tokenPipe) token: string) {
    return this.registrations.mine(token);
  }

  @Delete('registrations/:token')
  @HttpCode(204)
  withdraw(@Param('token', tokenPipe) token: string) {
    return this.registrations.withdraw(token);
  }
}
