import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  attendeesQuerySchema,
  cancelEventSchema,
  createEventSchema,
  listEventsQuerySchema,
  moveOccurrenceSchema,
  reminderPreferencesSchema,
  rsvpSchema,
  updateEventSchema,
  type CreateEventInput,
  type RsvpInput,
  type UpdateEventInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { CalendarService } from './calendar.service.js';
import { EventsService } from './events.service.js';

const eventUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('EVENT_NOT_FOUND') });
const spaceUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('SPACE_NOT_FOUND') });
const ICS = 'text/calendar; charset=utf-8';
/**
 * A subscribed feed is fetched again every few hours by a calendar app, which may keep it and ask
 * with its ETag whether it changed; it is someone's own, so no shared cache may keep it. (One
 * event's .ics, downloaded from its page in a browser, is kept by nothing, as every answer.)
 */
const FEED_CACHE = 'private, no-cache';

@ApiTags('events')
@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly calendars: CalendarService,
  ) {}

  @Get('events')
  @OptionalAuth()
  list(@CurrentUser() user: AuthUser | undefined, @Query(new ZodPipe(listEventsQuerySchema)) q: z.output<typeof listEventsQuerySchema>) {
    return this.events.list(user, q);
  }

  @Post('events')
  @Auth()
  @ApiBody(jsonSchema(createEventSchema))
  create(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createEventSchema)) body: CreateEventInput) {
    return this.events.create(user, body);
  }

  /** One event as iCalendar; declared before `events/:id` so the suffix is not taken as an id. */
  @Get('events/:id.ics')
  @OptionalAuth()
  @Header('Content-Type', ICS)
  eventIcs(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string) {
    return this.calendars.eventFeed(user, id);
  }

  @Get('events/:id')
  @OptionalAuth()
  get(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string) {
    return this.events.get(user, id);
  }

  @Patch('events/:id')
  @Auth()
  @ApiBody(jsonSchema(updateEventSchema))
  update(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(updateEventSchema)) body: UpdateEventInput) {
    return this.events.update(user, id, body);
  }

  /** Deletes the event for good (cancelling keeps it listed, marked); its materials go with it. */
  @Delete('events/:id')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string) {
    return this.events.remove(user, id);
  }

  @Post('events/:id/cancel')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(cancelEventSchema))
  cancel(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(cancelEventSchema)) body: z.output<typeof cancelEventSchema>) {
    return this.events.cancel(user, id, body);
  }

  @Post('events/:id/move')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(moveOccurrenceSchema))
  move(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(moveOccurrenceSchema)) body: z.output<typeof moveOccurrenceSchema>) {
    return this.events.move(user, id, body);
  }

  @Post('events/:id/rsvp')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(rsvpSchema))
  rsvp(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Body(new ZodPipe(rsvpSchema)) body: RsvpInput) {
    return this.events.rsvp(user, id, body);
  }

  @Get('events/:id/attendees')
  @Auth()
  attendees(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Query(new ZodPipe(attendeesQuerySchema)) q: z.output<typeof attendeesQuerySchema>) {
    return this.events.attendees(user, id, q.occurrence);
  }

  /** A space's calendar: members only, by session, access token, or `?token=` (personal feed token). */
  @Get('spaces/:id/calendar.ics')
  @OptionalAuth()
  @Header('Content-Type', ICS)
  @Header('Cache-Control', FEED_CACHE)
  async spaceIcs(@CurrentUser() user: AuthUser | undefined, @Param('id', spaceUuid) id: string, @Query('token') token?: string) {
    return this.calendars.spaceFeed(user ?? (token ? await this.calendars.feedUser(token) : undefined), id);
  }

  @Get('calendar/:token.ics')
  @Header('Content-Type', ICS)
  @Header('Cache-Control', FEED_CACHE)
  personalIcs(@Param('token') token: string) {
    if (!/^[\w-]{20,100}$/.test(token)) throw new AppError('FEED_NOT_FOUND');
    return this.calendars.personalFeed(token);
  }

  @Get('me/calendar-feed')
  @Auth()
  feed(@CurrentUser() user: AuthUser) {
    return this.calendars.hasFeed(user);
  }

  /** A new secret address for "my events"; the previous one stops working. */
  @Post('me/calendar-feed')
  @Auth()
  rotateFeed(@CurrentUser() user: AuthUser) {
    return this.calendars.rotateFeed(user);
  }

  @Delete('me/calendar-feed')
  @HttpCode(204)
  @Auth()
  revokeFeed(@CurrentUser() user: AuthUser) {
    return this.calendars.revokeFeed(user);
  }

  @Get('me/reminders')
  @Auth()
  reminders(@CurrentUser() user: AuthUser) {
    return this.events.reminderPreferences(user);
  }

  @Put('me/reminders')
  @Auth()
  @ApiBody(jsonSchema(reminderPreferencesSchema))
  setReminders(@CurrentUser() user: AuthUser, @Body(new ZodPipe(reminderPreferencesSchema)) body: z.output<typeof reminderPreferencesSchema>) {
    return this.events.setReminderPreferences(user, body.minutesBefore);
  }
}
