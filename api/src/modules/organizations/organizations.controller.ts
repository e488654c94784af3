import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  addStaffSchema,
  createOrganizationSchema,
  updateOrganizationSchema,
  type AddStaffInput,
  type CreateOrganizationInput,
  type UpdateOrganizationInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { OrganizationsService } from './organizations.service.js';

const orgUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('ORGANIZATION_NOT_FOUND') });
const userUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('USER_NOT_FOUND') });
const listQuerySchema = z.object({
  mine: z.enum(['true', 'false']).optional(),
  /** `false`: the ones waiting for a platform admin to verify them (whether one is verified is public). */
  verified: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @OptionalAuth()
  list(@CurrentUser() user: AuthUser | undefined, @Query(new ZodPipe(listQuerySchema)) q: z.output<typeof listQuerySchema>) {
    return this.organizations.list(user, q);
  }

  @Post()
  @Auth()
  @ApiBody(jsonSchema(createOrganizationSchema))
  create(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createOrganizationSchema)) body: CreateOrganizationInput) {
    return this.organizations.create(user, body);
  }

  @Get(':idOrSlug')
  @OptionalAuth()
  get(@CurrentUser() user: AuthUser | undefined, @Param('idOrSlug') idOrSlug: string) {
    return this.organizations.get(user, idOrSlug);
  }

  @Patch(':id')
  @Auth()
  @ApiBody(jsonSchema(updateOrganizationSchema))
  update(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Body(new ZodPipe(updateOrganizationSchema)) body: UpdateOrganizationInput) {
    return this.organizations.update(user, id, body);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Auth()
  verify(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.organizations.verify(user, id);
  }

  @Get(':id/staff')
  @Auth()
  staff(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.organizations.staff(user, id);
  }

  @Post(':id/staff')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(addStaffSchema))
  addStaff(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Body(new ZodPipe(addStaffSchema)) body: AddStaffInput) {
    return this.organizations.addStaff(user, id, body);
  }

  @Delete(':id/staff/:userId')
  @HttpCode(204)
  @Auth()
  removeStaff(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Param('userId', userUuid) userId: string) {
    return this.organizations.removeStaff(user, id, userId);
  }
}
