import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { feedbackAnswerSchema, feedbackCodesSchema, feedbackFormQuerySchema, feedbackFormSchema, type FeedbackAnswerInput, type FeedbackFormInput } from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../../core/auth/guards.js';
import type { AuthUser } from '../../../core/auth/auth-user.js';
import { AppError } from '../../../core/errors/app-error.js';
import { jsonSchema } from '../../../core/validation/openapi.js';
import { ZodPipe } from '../../../core/validation/zod.pipe.js';
import { EventFeedbackService } from './event-feedback.service.js';

const eventUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('EVENT_NOT_FOUND') });

@ApiTags('events')
@Controller('events/:id/feedback')
export class EventFeedbackController {
  constructor(private readonly feedback: EventFeedbackService) {}

  @Get()
  @OptionalAuth()
  form(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string, @Query(new ZodPipe(feedbackFormQuerySchema)) q: z.output<typeof feedbackFormQuerySchema>) {
    return this.feedback.form(user, id, q.code);
  }

  @Put()
  @Auth()
  @ApiBody(jsonSchema(feedbackFormSchema))
  setForm(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(feedbackFormSchema)) body: FeedbackFormInput) {
    return this.feedback.setForm(user, id, body);
  }

  /** An answer: signed in, or with a single-use code and no account. */
  @Post('answers')
  @HttpCode(201)
  @OptionalAuth()
  @ApiBody(jsonSchema(feedbackAnswerSchema))
  answer(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string, @Body(new ZodPipe(feedbackAnswerSchema)) body: FeedbackAnswerInput) {
    return this.feedback.answer(user, id, body);
  }

  @Post('codes')
  @HttpCode(201)
  @Auth()
  @ApiBody(jsonSchema(feedbackCodesSchema))
  codes(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(feedbackCodesSchema)) body: z.output<typeof feedbackCodesSchema>) {
    return this.feedback.createCodes(user, id, body.count);
  }

  @Get('summary')
  @Auth()
  summary(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string) {
    return this.feedback.summaryFor(user, id);
  }
}
