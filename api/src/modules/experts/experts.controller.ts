import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  contributionListQuerySchema,
  contributionReflectionSchema,
  contributionTotalsQuerySchema,
  createContributionSchema,
  inviteExpertSchema,
  updateContributionSchema,
  type ContributionReflectionInput,
  type CreateContributionInput,
  type InviteExpertInput,
  type UpdateContributionInput,
} from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { ExpertsService } from './experts.service.js';

const orgUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('ORGANIZATION_NOT_FOUND') });
const userUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('USER_NOT_FOUND') });
const entryUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('CONTRIBUTION_NOT_FOUND') });
const ownExportQuery = z.object({ format: z.enum(['json', 'csv'], { error: 'validation.invalidValue' }).default('json') }).extend(contributionListQuerySchema.shape);

const csv = (res: Response, filename: string) => res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${filename}"`);

/** Experts by experience: an organisation's log of their contributions, and each expert's own view. */
@ApiTags('experts')
@Controller()
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @Get('organizations/:id/experts')
  @Auth()
  list(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.experts.experts(user, id);
  }

  @Post('organizations/:id/experts')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(inviteExpertSchema))
  invite(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Body(new ZodPipe(inviteExpertSchema)) body: InviteExpertInput) {
    return this.experts.invite(user, id, body);
  }

  @Delete('organizations/:id/experts/:userId')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Param('userId', userUuid) userId: string) {
    return this.experts.removeExpert(user, id, userId);
  }

  @Get('organizations/:id/contributions')
  @Auth()
  @Header('Cache-Control', 'no-store')
  entries(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Query(new ZodPipe(contributionListQuerySchema)) q: z.output<typeof contributionListQuerySchema>) {
    return this.experts.organizationEntries(user, id, q);
  }

  @Post('organizations/:id/contributions')
  @Auth()
  @ApiBody(jsonSchema(createContributionSchema))
  log(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Body(new ZodPipe(createContributionSchema)) body: CreateContributionInput) {
    return this.experts.log(user, id, body);
  }

  @Get('organizations/:id/contributions/totals')
  @Auth()
  @Header('Cache-Control', 'no-store')
  async totals(
    @CurrentUser() user: AuthUser,
    @Param('id', orgUuid) id: string,
    @Query(new ZodPipe(contributionTotalsQuerySchema)) q: z.output<typeof contributionTotalsQuerySchema>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.experts.organizationTotals(user, id, q.format);
    if (typeof result === 'string') csv(res, 'experts-by-experience-totals.csv');
    return result;
  }

  @Get('organizations/:id/contributions/:entryId')
  @Auth()
  @Header('Cache-Control', 'no-store')
  get(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Param('entryId', entryUuid) entryId: string) {
    return this.experts.get(user, id, entryId);
  }

  @Patch('organizations/:id/contributions/:entryId')
  @Auth()
  @ApiBody(jsonSchema(updateContributionSchema))
  update(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Param('entryId', entryUuid) entryId: string, @Body(new ZodPipe(updateContributionSchema)) body: UpdateContributionInput) {
    return this.experts.update(user, id, entryId, body);
  }

  @Get('me/expert-listings')
  @Auth()
  @Header('Cache-Control', 'no-store')
  myListings(@CurrentUser() user: AuthUser) {
    return this.experts.myListings(user);
  }

  @Post('me/expert-listings/:id/accept')
  @HttpCode(200)
  @Auth()
  accept(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.experts.accept(user, id);
  }

  @Delete('me/expert-listings/:id')
  @HttpCode(204)
  @Auth()
  leave(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.experts.leave(user, id);
  }

  @Get('me/contributions')
  @Auth()
  @Header('Cache-Control', 'no-store')
  async mine(@CurrentUser() user: AuthUser, @Query(new ZodPipe(ownExportQuery)) q: z.output<typeof ownExportQuery>, @Res({ passthrough: true }) res: Response) {
    if (q.format === 'json') return this.experts.myEntries(user, q);
    csv(res, 'my-contributions.csv');
    return this.experts.myEntriesCsv(user);
  }

  @Put('me/contributions/:entryId/reflection')
  @Auth()
  @ApiBody(jsonSchema(contributionReflectionSchema))
  reflect(@CurrentUser() user: AuthUser, @Param('entryId', entryUuid) entryId: string, @Body(new ZodPipe(contributionReflectionSchema)) body: ContributionReflectionInput) {
    return this.experts.reflect(user, entryId, body);
  }
}
