import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  agreementSchema,
  createMatchSchema,
  feedbackSchema,
  keepConversationSchema,
  matchActionSchema,
  mentoringProfileSchema,
  type AgreementInput,
  type CreateMatchInput,
  type MatchActionInput,
  type MentoringProfileInput,
} from '@sorstars/shared';
import type { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { MentoringService } from './mentoring.service.js';

const matchUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('MATCH_NOT_FOUND') });
const action = new ZodPipe(matchActionSchema);

@ApiTags('mentoring')
@Controller('mentoring')
@Auth()
export class MentoringController {
  constructor(private readonly mentoring: MentoringService) {}

  @Get('profile')
  profile(@CurrentUser() user: AuthUser) {
    return this.mentoring.profile(user);
  }

  @Put('profile')
  @ApiBody(jsonSchema(mentoringProfileSchema))
  saveProfile(@CurrentUser() user: AuthUser, @Body(new ZodPipe(mentoringProfileSchema)) body: MentoringProfileInput) {
    return this.mentoring.saveProfile(user, body);
  }

  @Get('suggestions')
  suggestions(@CurrentUser() user: AuthUser) {
    return this.mentoring.suggestions(user);
  }

  @Get('matches')
  list(@CurrentUser() user: AuthUser) {
    return this.mentoring.list(user);
  }

  @Post('matches')
  @ApiBody(jsonSchema(createMatchSchema))
  request(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createMatchSchema)) body: CreateMatchInput) {
    return this.mentoring.request(user, body);
  }

  @Get('matches/:id')
  get(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string) {
    return this.mentoring.get(user, id);
  }

  @Post('matches/:id/accept')
  @HttpCode(200)
  @ApiBody(jsonSchema(matchActionSchema))
  accept(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(action) body: MatchActionInput) {
    return this.mentoring.act(user, id, 'accept', body);
  }

  @Post('matches/:id/decline')
  @HttpCode(200)
  @ApiBody(jsonSchema(matchActionSchema))
  decline(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(action) body: MatchActionInput) {
    return this.mentoring.act(user, id, 'decline', body);
  }

  @Post('matches/:id/pause')
  @HttpCode(200)
  @ApiBody(jsonSchema(matchActionSchema))
  pause(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(action) body: MatchActionInput) {
    return this.mentoring.act(user, id, 'pause', body);
  }

  @Post('matches/:id/resume')
  @HttpCode(200)
  @ApiBody(jsonSchema(matchActionSchema))
  resume(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(action) body: MatchActionInput) {
    return this.mentoring.act(user, id, 'resume', body);
  }

  @Post('matches/:id/end')
  @HttpCode(200)
  @ApiBody(jsonSchema(matchActionSchema))
  end(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(action) body: MatchActionInput) {
    return this.mentoring.act(user, id, 'end', body);
  }

  @Post('matches/:id/keep')
  @HttpCode(200)
  @ApiBody(jsonSchema(keepConversationSchema))
  keep(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(new ZodPipe(keepConversationSchema)) body: z.infer<typeof keepConversationSchema>) {
    return this.mentoring.keepConversation(user, id, body.keep);
  }

  @Post('matches/:id/feedback')
  @HttpCode(204)
  @ApiBody(jsonSchema(feedbackSchema))
  feedback(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(new ZodPipe(feedbackSchema)) body: z.infer<typeof feedbackSchema>) {
    return this.mentoring.feedback(user, id, body.note);
  }

  @Get('matches/:id/agreement')
  agreement(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string) {
    return this.mentoring.agreement(user, id);
  }

  @Put('matches/:id/agreement')
  @ApiBody(jsonSchema(agreementSchema))
  saveAgreement(@CurrentUser() user: AuthUser, @Param('id', matchUuid) id: string, @Body(new ZodPipe(agreementSchema)) body: AgreementInput) {
    return this.mentoring.saveAgreement(user, id, body);
  }
}
