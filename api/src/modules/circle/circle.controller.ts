import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  createCaseCardSchema,
  discussionPermissionSchema,
  feedbackListQuerySchema,
  markMentorSchema,
  type CreateCaseCardInput,
  type DiscussionPermissionInput,
  type MarkMentorInput,
} from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { CircleService } from './circle.service.js';

const orgUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('ORGANIZATION_NOT_FOUND') });
const userUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('USER_NOT_FOUND') });
const cardUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('CASE_CARD_NOT_FOUND') });
const numbersQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** The mentors' circle, case cards, the mentee's permission, the organisation's log and numbers. */
@ApiTags('circle')
@Controller()
export class CircleController {
  constructor(private readonly circle: CircleService) {}

  @Post('organizations/:id/circle')
  @HttpCode(200)
  @Auth()
  create(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.circle.create(user, id);
  }

  @Get('organizations/:id/circle')
  @Auth()
  get(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.circle.circle(user, id);
  }

  @Post('organizations/:id/circle/cards')
  @Auth()
  @ApiBody(jsonSchema(createCaseCardSchema))
  post(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Body(new ZodPipe(createCaseCardSchema)) body: CreateCaseCardInput) {
    return this.circle.postCard(user, id, body);
  }

  @Get('circle/cards/:cardId')
  @Auth()
  open(@CurrentUser() user: AuthUser, @Param('cardId', cardUuid) cardId: string) {
    return this.circle.openCard(user, cardId);
  }

  @Delete('circle/cards/:cardId')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('cardId', cardUuid) cardId: string) {
    return this.circle.deleteCard(user, cardId);
  }

  @Get('organizations/:id/mentors')
  @Auth()
  mentors(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.circle.mentors(user, id);
  }

  @Post('organizations/:id/mentors')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(markMentorSchema))
  addMentor(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Body(new ZodPipe(markMentorSchema)) body: MarkMentorInput) {
    return this.circle.addMentor(user, id, body);
  }

  @Delete('organizations/:id/mentors/:userId')
  @HttpCode(204)
  @Auth()
  removeMentor(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Param('userId', userUuid) userId: string) {
    return this.circle.removeMentor(user, id, userId);
  }

  @Get('organizations/:id/log')
  @Auth()
  log(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.circle.log(user, id);
  }

  @Get('organizations/:id/numbers')
  @Auth()
  async numbers(
    @CurrentUser() user: AuthUser,
    @Param('id', orgUuid) id: string,
    @Query(new ZodPipe(numbersQuery)) q: z.output<typeof numbersQuery>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.circle.numbers(user, id, q.format);
    if (typeof result === 'string') {
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="mentoring-numbers.csv"');
    }
    return result;
  }

  /** The private feedback meant for the organisation, for its coordinators, without names. */
  @Get('organizations/:id/feedback')
  @Auth()
  @Header('Cache-Control', 'no-store')
  feedback(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string, @Query(new ZodPipe(feedbackListQuerySchema)) q: z.output<typeof feedbackListQuerySchema>) {
    return this.circle.feedback(user, id, q.limit);
  }

  @Get('circle/permissions')
  @Auth()
  @Header('Cache-Control', 'no-store')
  permissions(@CurrentUser() user: AuthUser) {
    return this.circle.myPermissions(user);
  }

  @Put('circle/permissions')
  @Auth()
  @ApiBody(jsonSchema(discussionPermissionSchema))
  setPermission(@CurrentUser() user: AuthUser, @Body(new ZodPipe(discussionPermissionSchema)) body: DiscussionPermissionInput) {
    return this.circle.setPermission(user, body);
  }

  @Get('circle/mine')
  @Auth()
  mine(@CurrentUser() user: AuthUser) {
    return this.circle.myCircles(user);
  }

  @Get('circle/cards-about-me')
  @Auth()
  aboutMe(@CurrentUser() user: AuthUser) {
    return this.circle.cardsAboutMe(user);
  }
}
