import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { PLATFORM_ROLES, changeRoleSchema, liftSuspensionSchema, peopleQuerySchema, suspendPersonSchema, type PlatformRole } from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { PeopleService } from './people.service.js';

const personId = new ParseUUIDPipe({ exceptionFactory: () => new AppError('USER_NOT_FOUND') });

/** Admins only: people, their roles and suspensions, without a terminal. */
@ApiTags('admin')
@Controller('admin/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Auth('admin')
  search(@Query(new ZodPipe(peopleQuerySchema)) q: z.output<typeof peopleQuerySchema>) {
    return this.people.search(q);
  }

  @Get(':id')
  @Auth('admin')
  get(@Param('id', personId) id: string) {
    return this.people.get(id);
  }

  @Post(':id/roles')
  @HttpCode(200)
  @Auth('admin')
  @ApiBody(jsonSchema(changeRoleSchema))
  grant(@CurrentUser() user: AuthUser, @Param('id', personId) id: string, @Body(new ZodPipe(changeRoleSchema)) body: z.output<typeof changeRoleSchema>) {
    return this.people.grant(user, id, body);
  }

  @Delete(':id/roles/:role')
  @Auth('admin')
  revoke(@CurrentUser() user: AuthUser, @Param('id', personId) id: string, @Param('role') role: string) {
    if (!(PLATFORM_ROLES as readonly string[]).includes(role)) throw new AppError('VALIDATION_FAILED', [{ path: 'role', message: 'validation.role' }]);
    return this.people.revoke(user, id, role as PlatformRole);
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @Auth('admin')
  @ApiBody(jsonSchema(suspendPersonSchema))
  suspend(@CurrentUser() user: AuthUser, @Param('id', personId) id: string, @Body(new ZodPipe(suspendPersonSchema)) body: z.output<typeof suspendPersonSchema>) {
    return this.people.suspend(user, id, body);
  }

  @Post(':id/suspension/lift')
  @HttpCode(200)
  @Auth('admin')
  @ApiBody(jsonSchema(liftSuspensionSchema))
  lift(@CurrentUser() user: AuthUser, @Param('id', personId) id: string, @Body(new ZodPipe(liftSuspensionSchema)) body: z.output<typeof liftSuspensionSchema>) {
    return this.people.lift(user, id, body.reason);
  }
}
