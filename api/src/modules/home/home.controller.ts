import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HomeAnswer } from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { HomeService } from './home.service.js';

@ApiTags('home')
@Controller('me')
@Auth()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  /** The signed-in home page in one answer: spaces with unread counts, next events, stories, notifications, first steps. */
  @Get('home')
  get(@CurrentUser() user: AuthUser): Promise<HomeAnswer> {
    return this.home.home(user);
  }

  /** "I have kept my recovery codes safe": marks that first step done (doing it again changes nothing). */
  @Post('recovery-codes/kept')
  @HttpCode(204)
  async recoveryCodesKept(@CurrentUser() user: AuthUser): Promise<void> {
    await this.home.recoveryCodesKept(user);
  }
}
