import { Body, Controller, Delete, Get, HttpCode, Inject, Injectable, Post, Put, Query, UseGuards, type CanActivate } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NOTIFICATION_CATEGORIES, notificationEmailInput, notificationEmailVerifyInput, type NotificationEmailInput } from '@sorstars/shared';
import { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import { AcceptsOneClick } from '../../core/security/accepts-upload.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { EmailService } from './email.service.js';

const unsubscribeQuery = z.object({
  u: z.uuid({ error: 'validation.uuid' }),
  c: z.enum(NOTIFICATION_CATEGORIES, { error: 'validation.invalidValue' }),
  t: z.string({ error: 'validation.invalidType' }).min(16, { error: 'validation.invalidValue' }).max(100, { error: 'validation.invalidValue' }),
});

/** Without SMTP_URL the routes do not exist: 404 before sign-in or input are looked at. */
@Injectable()
export class EmailEnabledGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.email) throw new AppError('NOT_FOUND');
    return true;
  }
}

/** The optional e-mail channel: one's own address, its confirmation, and one-click unsubscribe. 404 throughout without SMTP_URL. */
@ApiTags('notifications')
@Controller('notifications/email')
@UseGuards(EmailEnabledGuard)
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Get()
  @Auth()
  status(@CurrentUser() user: AuthUser) {
    return this.email.status(user);
  }

  /** Adds (or changes) the address and sends a confirmation link to it; e-mail goes there only once confirmed. */
  @Put()
  @Auth()
  @HttpCode(202)
  @ApiBody(jsonSchema(notificationEmailInput))
  put(@CurrentUser() user: AuthUser, @Body(new ZodPipe(notificationEmailInput)) body: NotificationEmailInput) {
    return this.email.setAddress(user, body.address);
  }

  /** Forgets the address; pending e-mails end with it. */
  @Delete()
  @Auth()
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser): Promise<void> {
    await this.email.remove(user);
  }

  /** The confirmation link's token; works without sign-in, once, within a day. */
  @Post('verify')
  @HttpCode(200)
  @ApiBody(jsonSchema(notificationEmailVerifyInput))
  async verify(@Body(new ZodPipe(notificationEmailVerifyInput)) body: z.output<typeof notificationEmailVerifyInput>) {
    await this.email.verify(body.token);
    return { verified: true };
  }

  /**
   * RFC 8058 one-click unsubscribe, the target of `List-Unsubscribe`: turns e-mail off for one
   * category, authenticated by the signed link alone. Takes the provider's form body
   * (`List-Unsubscribe=One-Click`) or none.
   */
  @Post('unsubscribe')
  @HttpCode(200)
  @AcceptsOneClick()
  @ApiQuery({ name: 'u', required: true, type: String })
  @ApiQuery({ name: 'c', required: true, enum: NOTIFICATION_CATEGORIES })
  @ApiQuery({ name: 't', required: true, type: String })
  async unsubscribe(@Query(new ZodPipe(unsubscribeQuery)) q: z.output<typeof unsubscribeQuery>) {
    await this.email.unsubscribe(q.u, q.c, q.t);
    return { unsubscribed: true, category: q.c };
  }
}
