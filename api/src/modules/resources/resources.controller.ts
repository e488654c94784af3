import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import {
  createResourceSchema,
  createTipSchema,
  listResourcesQuerySchema,
  outdatedSchema,
  placesQuerySchema,
  updateResourceSchema,
  type CreateResourceInput,
  type ListResourcesQuery,
  type UpdateResourceInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { searchPlaces } from './places.js';
import { ResourcesService } from './resources.service.js';
import { taxonomyFor } from './taxonomy.js';

const resourceUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('RESOURCE_NOT_FOUND') });
const orgUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('ORGANIZATION_NOT_FOUND') });

@ApiTags('resources')
@Controller()
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Get('resources')
  @OptionalAuth()
  list(@CurrentUser() user: AuthUser | undefined, @Req() req: Request, @Query(new ZodPipe(listResourcesQuerySchema)) q: ListResourcesQuery) {
    return this.resources.list(user, requestLocale(req), q);
  }

  @Post('resources')
  @Auth()
  @ApiBody(jsonSchema(createResourceSchema))
  create(@CurrentUser() user: AuthUser, @Req() req: Request, @Body(new ZodPipe(createResourceSchema)) body: CreateResourceInput) {
    return this.resources.create(user, requestLocale(req), body);
  }

  @Get('resources/:id')
  @OptionalAuth()
  get(@CurrentUser() user: AuthUser | undefined, @Req() req: Request, @Param('id', resourceUuid) id: string) {
    return this.resources.get(user, requestLocale(req), id);
  }

  @Patch('resources/:id')
  @Auth()
  @ApiBody(jsonSchema(updateResourceSchema))
  update(@CurrentUser() user: AuthUser, @Req() req: Request, @Param('id', resourceUuid) id: string, @Body(new ZodPipe(updateResourceSchema)) body: UpdateResourceInput) {
    return this.resources.update(user, requestLocale(req), id, body);
  }

  @Delete('resources/:id')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', resourceUuid) id: string) {
    return this.resources.remove(user, id);
  }

  @Post('resources/:id/verify')
  @HttpCode(200)
  @Auth()
  verify(@CurrentUser() user: AuthUser, @Req() req: Request, @Param('id', resourceUuid) id: string) {
    return this.resources.verify(user, requestLocale(req), id);
  }

  @Post('resources/:id/outdated')
  @Auth()
  @ApiBody(jsonSchema(outdatedSchema))
  outdated(@CurrentUser() user: AuthUser, @Param('id', resourceUuid) id: string, @Body(new ZodPipe(outdatedSchema)) body: z.output<typeof outdatedSchema>) {
    return this.resources.outdated(user, id, body.note);
  }

  @Get('resources/:id/tips')
  @OptionalAuth()
  tips(@CurrentUser() user: AuthUser | undefined, @Param('id', resourceUuid) id: string) {
    return this.resources.tips(user, id);
  }

  @Post('resources/:id/tips')
  @Auth()
  @ApiBody(jsonSchema(createTipSchema))
  addTip(@CurrentUser() user: AuthUser, @Param('id', resourceUuid) id: string, @Body(new ZodPipe(createTipSchema)) body: z.output<typeof createTipSchema>) {
    return this.resources.addTip(user, id, body.body);
  }

  /** The editor's starting point; a refuge's address only for the organisation's own staff, never cached. */
  @Get('resources/:id/editable')
  @Auth()
  @Header('Cache-Control', 'no-store')
  editable(@CurrentUser() user: AuthUser, @Param('id', resourceUuid) id: string) {
    return this.resources.editable(user, id);
  }

  @Get('resources/:id/history')
  @Auth()
  history(@CurrentUser() user: AuthUser, @Param('id', resourceUuid) id: string) {
    return this.resources.history(user, id);
  }

  @Get('organizations/:id/queue')
  @Auth()
  queue(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.resources.queue(user, id);
  }

  /** Towns and postcodes for "near me" without GPS, from the bundled gazetteer. */
  @Get('places')
  places(@Query(new ZodPipe(placesQuerySchema)) q: z.output<typeof placesQuerySchema>) {
    return { items: searchPlaces(q.q, q.limit) };
  }

  @Get('taxonomy')
  @OptionalAuth()
  taxonomy(@Req() req: Request) {
    return taxonomyFor(requestLocale(req));
  }
}
