import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  HANDBOOK_FORMATS,
  addEntrySchema,
  chapterInputSchema,
  createEditionSchema,
  freezeEditionSchema,
  moveSchema,
  updateEditionSchema,
  withdrawEntrySchema,
  type CreateEditionInput,
  type HandbookFormat,
  type UpdateEditionInput,
} from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { HandbookService } from './handbook.service.js';

const editionUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('EDITION_NOT_FOUND') });
const orgUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('ORGANIZATION_NOT_FOUND') });
const partUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('EDITION_NOT_FOUND') });
const formatPipe = new ZodPipe(z.enum(HANDBOOK_FORMATS, { error: 'validation.invalidType' }));
const publishedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(500).optional(),
});

@ApiTags('handbook')
@Controller()
export class HandbookController {
  constructor(private readonly handbook: HandbookService) {}

  /** Published editions: public, no sign-in. */
  @Get('handbook/editions')
  @OptionalAuth()
  published(@Query(new ZodPipe(publishedQuerySchema)) q: z.output<typeof publishedQuerySchema>) {
    return this.handbook.listPublished(q);
  }

  @Post('handbook/editions')
  @Auth()
  @ApiBody(jsonSchema(createEditionSchema))
  create(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createEditionSchema)) body: CreateEditionInput) {
    return this.handbook.create(user, body);
  }

  @Get('organizations/:id/handbook-editions')
  @Auth()
  ofOrganization(@CurrentUser() user: AuthUser, @Param('id', orgUuid) id: string) {
    return this.handbook.listForOrganization(user, id);
  }

  @Get('me/handbook')
  @Auth()
  mine(@CurrentUser() user: AuthUser) {
    return this.handbook.inclusions(user);
  }

  @Get('handbook/editions/:id')
  @OptionalAuth()
  get(@CurrentUser() user: AuthUser | undefined, @Param('id', editionUuid) id: string) {
    return this.handbook.get(user, id);
  }

  @Patch('handbook/editions/:id')
  @Auth()
  @ApiBody(jsonSchema(updateEditionSchema))
  update(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string, @Body(new ZodPipe(updateEditionSchema)) body: UpdateEditionInput) {
    return this.handbook.update(user, id, body);
  }

  @Delete('handbook/editions/:id')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string) {
    return this.handbook.remove(user, id);
  }

  @Get('handbook/editions/:id/preview')
  @OptionalAuth()
  preview(@CurrentUser() user: AuthUser | undefined, @Param('id', editionUuid) id: string) {
    return this.handbook.preview(user, id);
  }

  @Get('handbook/editions/:id/candidates')
  @Auth()
  candidates(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string) {
    return this.handbook.candidates(user, id);
  }

  @Post('handbook/editions/:id/chapters')
  @Auth()
  @ApiBody(jsonSchema(chapterInputSchema))
  addChapter(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string, @Body(new ZodPipe(chapterInputSchema)) body: z.output<typeof chapterInputSchema>) {
    return this.handbook.addChapter(user, id, body.title);
  }

  @Patch('handbook/editions/:id/chapters/:chapterId')
  @Auth()
  @ApiBody(jsonSchema(chapterInputSchema))
  renameChapter(
    @CurrentUser() user: AuthUser,
    @Param('id', editionUuid) id: string,
    @Param('chapterId', partUuid) chapterId: string,
    @Body(new ZodPipe(chapterInputSchema)) body: z.output<typeof chapterInputSchema>,
  ) {
    return this.handbook.renameChapter(user, id, chapterId, body.title);
  }

  @Delete('handbook/editions/:id/chapters/:chapterId')
  @Auth()
  deleteChapter(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string, @Param('chapterId', partUuid) chapterId: string) {
    return this.handbook.deleteChapter(user, id, chapterId);
  }

  @Post('handbook/editions/:id/chapters/:chapterId/move')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(moveSchema))
  moveChapter(
    @CurrentUser() user: AuthUser,
    @Param('id', editionUuid) id: string,
    @Param('chapterId', partUuid) chapterId: string,
    @Body(new ZodPipe(moveSchema)) body: z.output<typeof moveSchema>,
  ) {
    return this.handbook.moveChapter(user, id, chapterId, body.direction);
  }

  @Post('handbook/editions/:id/chapters/:chapterId/entries')
  @Auth()
  @ApiBody(jsonSchema(addEntrySchema))
  addEntry(
    @CurrentUser() user: AuthUser,
    @Param('id', editionUuid) id: string,
    @Param('chapterId', partUuid) chapterId: string,
    @Body(new ZodPipe(addEntrySchema)) body: z.output<typeof addEntrySchema>,
  ) {
    return this.handbook.addEntry(user, id, chapterId, body.storyId);
  }

  @Delete('handbook/editions/:id/entries/:entryId')
  @Auth()
  removeEntry(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string, @Param('entryId', partUuid) entryId: string) {
    return this.handbook.removeEntry(user, id, entryId);
  }

  @Post('handbook/editions/:id/entries/:entryId/move')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(moveSchema))
  moveEntry(
    @CurrentUser() user: AuthUser,
    @Param('id', editionUuid) id: string,
    @Param('entryId', partUuid) entryId: string,
    @Body(new ZodPipe(moveSchema)) body: z.output<typeof moveSchema>,
  ) {
    return this.handbook.moveEntry(user, id, entryId, body.direction);
  }

  @Post('handbook/editions/:id/freeze')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(freezeEditionSchema))
  freeze(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string, @Body(new ZodPipe(freezeEditionSchema)) body: z.output<typeof freezeEditionSchema>) {
    return this.handbook.freeze(user, id, body.publishAt);
  }

  /** The author's one tap: take my story out of this edition. */
  @Post('handbook/editions/:id/withdraw')
  @HttpCode(200)
  @Auth()
  @ApiBody(jsonSchema(withdrawEntrySchema))
  withdraw(@CurrentUser() user: AuthUser, @Param('id', editionUuid) id: string, @Body(new ZodPipe(withdrawEntrySchema)) body: z.output<typeof withdrawEntrySchema>) {
    return this.handbook.withdrawFromEdition(user, id, body.storyId);
  }

  @Get('handbook/editions/:id/download/:format')
  @OptionalAuth()
  async download(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', editionUuid) id: string,
    @Param('format', formatPipe) format: HandbookFormat,
  ) {
    const file = await this.handbook.download(user, id, format);
    return new StreamableFile(file.body, { type: file.type, disposition: `attachment; filename="${file.filename}"`, length: file.body.length });
  }
}
