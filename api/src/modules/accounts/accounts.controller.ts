import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  changePasswordSchema,
  currentPasswordSchema,
  createTokenSchema,
  loginSchema,
  recoverSchema,
  registerSchema,
  updateMeSchema,
  type ChangePasswordInput,
  type CreateTokenInput,
  type LoginInput,
  type RecoverInput,
  type RegisterInput,
  type UpdateMeInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { SessionService } from '../../core/auth/session.service.js';
import { AppError } from '../../core/errors/app-error.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { AccountsService } from './accounts.service.js';

const passwordOnlySchema = z.strictObject({ password: currentPasswordSchema });
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('NOT_FOUND') });

@ApiTags('accounts')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionService,
  ) {}

  @Post('register')
  @ApiBody(jsonSchema(registerSchema))
  async register(@Body(new ZodPipe(registerSchema)) body: RegisterInput, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.status(201);
    return this.accounts.register(body, req.ip ?? 'unknown', req, res, requestLocale(req));
  }

  @Post('login')
  @HttpCode(200)
  @ApiBody(jsonSchema(loginSchema))
  async login(@Body(new ZodPipe(loginSchema)) body: LoginInput, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { user: await this.accounts.login(body, req.ip ?? 'unknown', req, res) };
  }

  @Post('recover')
  @HttpCode(200)
  @ApiBody(jsonSchema(recoverSchema))
  async recover(@Body(new ZodPipe(recoverSchema)) body: RecoverInput, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.accounts.recover(body, req.ip ?? 'unknown', req, res);
  }

  /** Ends this session (a visitor may call it too: the cookie is cleared either way). */
  @Post('logout')
  @HttpCode(204)
  @OptionalAuth()
  async logout(@CurrentUser() user: AuthUser | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.end(req, res, user);
  }

  @Get('tokens')
  @Auth()
  tokens(@CurrentUser() user: AuthUser) {
    return this.accounts.listTokens(user);
  }

  @Post('tokens')
  @Auth()
  @ApiBody(jsonSchema(createTokenSchema))
  createToken(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createTokenSchema)) body: CreateTokenInput) {
    return this.accounts.createToken(user, body);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @Auth()
  revokeToken(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.accounts.revokeToken(user, id);
  }
}

@ApiTags('accounts')
@Controller('me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Auth()
  me(@CurrentUser() user: AuthUser) {
    return this.accounts.me(user);
  }

  @Patch()
  @Auth()
  @ApiBody(jsonSchema(updateMeSchema))
  update(@CurrentUser() user: AuthUser, @Body(new ZodPipe(updateMeSchema)) body: UpdateMeInput) {
    return this.accounts.updateMe(user, body);
  }

  @Post('password')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(changePasswordSchema))
  changePassword(@CurrentUser() user: AuthUser, @Body(new ZodPipe(changePasswordSchema)) body: ChangePasswordInput) {
    return this.accounts.changePassword(user, body);
  }

  @Get('recovery-codes')
  @Auth()
  recoveryCodes(@CurrentUser() user: AuthUser) {
    return this.accounts.recoveryCodesLeft(user);
  }

  @Post('recovery-codes')
  @Auth()
  @ApiBody(jsonSchema(passwordOnlySchema))
  regenerate(@CurrentUser() user: AuthUser, @Body(new ZodPipe(passwordOnlySchema)) body: { password: string }) {
    return this.accounts.regenerateRecoveryCodes(user, body.password);
  }

  @Get('blocks')
  @Auth()
  blocks(@CurrentUser() user: AuthUser) {
    return this.accounts.blocks(user);
  }
}

@ApiTags('accounts')
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post(':id/block')
  @HttpCode(204)
  @Auth()
  block(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.accounts.block(user, id);
  }

  @Delete(':id/block')
  @HttpCode(204)
  @Auth()
  unblock(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.accounts.unblock(user, id);
  }
}
