import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  commentsQuerySchema,
  createCommentSchema,
  createStorySchema,
  listStoriesQuerySchema,
  notePreferencesSchema,
  storyReactionSchema,
  updateCommentSchema,
  updateStorySchema,
  type CreateStoryInput,
  type UpdateStoryInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { StoriesService } from './stories.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('STORY_NOT_FOUND') });
const commentUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('COMMENT_NOT_FOUND') });

@ApiTags('stories')
@Controller('stories')
export class StoriesController {
  constructor(private readonly stories: StoriesService) {}

  /** Visitors see public stories; signed-in people also members' and their spaces' stories. */
  @Get()
  @OptionalAuth()
  list(@CurrentUser() user: AuthUser | undefined, @Query(new ZodPipe(listStoriesQuerySchema)) q: z.output<typeof listStoriesQuerySchema>) {
    return this.stories.list(user, q);
  }

  @Post()
  @Auth()
  @ApiBody(jsonSchema(createStorySchema))
  create(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createStorySchema)) body: CreateStoryInput) {
    return this.stories.create(user, body);
  }

  /** `?reveal=true` uncovers a story kept behind a content note (and remembers it). */
  @Get(':id')
  @OptionalAuth()
  get(@CurrentUser() user: AuthUser | undefined, @Param('id', uuid) id: string, @Query('reveal') reveal?: string) {
    return this.stories.get(user, id, reveal === 'true' || reveal === '1');
  }

  @Patch(':id')
  @Auth()
  @ApiBody(jsonSchema(updateStorySchema))
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(updateStorySchema)) body: UpdateStoryInput) {
    return this.stories.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.stories.remove(user, id);
  }

  /** Toggles one supportive reaction. */
  @Post(':id/reactions')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(storyReactionSchema))
  react(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(storyReactionSchema)) body: z.output<typeof storyReactionSchema>) {
    return this.stories.react(user, id, body.kind);
  }

  @Get(':id/comments')
  @OptionalAuth()
  comments(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', uuid) id: string,
    @Query(new ZodPipe(commentsQuerySchema)) query: z.output<typeof commentsQuerySchema>,
  ) {
    return this.stories.listComments(user, id, query);
  }

  @Post(':id/comments')
  @Auth()
  @ApiBody(jsonSchema(createCommentSchema))
  addComment(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(createCommentSchema)) body: z.output<typeof createCommentSchema>) {
    return this.stories.addComment(user, id, body.content, body.replyToId);
  }

  @Patch(':id/comments/:commentId')
  @Auth()
  @ApiBody(jsonSchema(updateCommentSchema))
  editComment(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('commentId', commentUuid) commentId: string,
    @Body(new ZodPipe(updateCommentSchema)) body: z.output<typeof updateCommentSchema>,
  ) {
    return this.stories.editComment(user, id, commentId, body.content);
  }

  @Delete(':id/comments/:commentId')
  @HttpCode(204)
  @Auth()
  deleteComment(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('commentId', commentUuid) commentId: string) {
    return this.stories.deleteComment(user, id, commentId);
  }
}

@ApiTags('stories')
@Controller('me/content-notes')
@Auth()
export class ContentNotesController {
  constructor(private readonly stories: StoriesService) {}

  /** Per content note: show, blur (the default) or hide. */
  @Get()
  get(@CurrentUser() user: AuthUser) {
    return this.stories.notePreferences(user);
  }

  @Put()
  @ApiBody(jsonSchema(notePreferencesSchema))
  set(@CurrentUser() user: AuthUser, @Body(new ZodPipe(notePreferencesSchema)) body: z.output<typeof notePreferencesSchema>) {
    return this.stories.setNotePreferences(user, body.notes as never);
  }
}
