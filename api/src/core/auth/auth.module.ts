import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuthRepository } from './auth.repository.js';
import { DeviceCookies } from './device-cookie.js';
import { SessionService } from './session.service.js';
import { SessionCookieStrategy, TokenStrategy } from './strategies.js';

@Global()
@Module({
  imports: [PassportModule],
  providers: [AuthRepository, SessionService, DeviceCookies, SessionCookieStrategy, TokenStrategy],
  exports: [AuthRepository, SessionService, DeviceCookies],
})
export class AuthModule {}
