import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuthRepository } from './auth.repository.js';
import { SessionService } from './session.service.js';
import { SessionCookieStrategy, TokenStrategy } from './strategies.js';

@Global()
@Module({
  imports: [PassportModule],
  providers: [AuthRepository, SessionService, SessionCookieStrategy, TokenStrategy],
  exports: [AuthRepository, SessionService],
})
export class AuthModule {}
