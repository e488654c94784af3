import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  unsafeTextReason,
  createInviteSchema,
  createSpaceSchema,
  joinSpaceSchema,
  listSpacesQuerySchema,
  markReadSchema,
  removeMemberSchema,
  setRoleSchema,
  updateSpaceSchema,
  type CreateInviteInput,
  type CreateSpaceInput,
  type JoinSpaceInput,
  type RemoveMemberInput,
  type UpdateSpaceInput,
} from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { SpacesService } from './spaces.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('NOT_FOUND') });
const typingSchema = z.strictObject({ showTyping: z.boolean({ error: 'validation.invalidType' }) });

/** A space's id or slug from the address; one Postgres could not hold (too long, NUL) names no space. */
export function checkedIdOrSlug(idOrSlug: string): string {
  if (idOrSlug.length > 100 || unsafeTextReason(idOrSlug)) throw new AppError('SPACE_NOT_FOUND');
  return idOrSlug;
}

@ApiTags('spaces')
@Controller('spaces')
@Auth()
export class SpacesController {
  constructor(private readonly spaces: SpacesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(listSpacesQuerySchema)) query: z.output<typeof listSpacesQuerySchema>) {
    return this.spaces.list(user, query);
  }

  @Post()
  @ApiBody(jsonSchema(createSpaceSchema))
  create(@CurrentUser() user: AuthUser, @Body(new ZodPipe(createSpaceSchema)) body: CreateSpaceInput) {
    return this.spaces.create(user, body);
  }

  /** `?invite=<token>`: a live invite lets its holder see a hidden space before joining it. */
  @Get(':idOrSlug')
  get(@CurrentUser() user: AuthUser, @Param('idOrSlug') idOrSlug: string, @Query('invite') invite?: string) {
    // Postgres refuses NUL in text: such an invite cannot exist, so it must not reach a query.
    return this.spaces.get(user, checkedIdOrSlug(idOrSlug), typeof invite === 'string' && invite.length <= 200 && !unsafeTextReason(invite) ? invite : undefined);
  }

  @Patch(':id')
  @ApiBody(jsonSchema(updateSpaceSchema))
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(updateSpaceSchema)) body: UpdateSpaceInput) {
    return this.spaces.update(user, id, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.archive(user, id);
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiBody(jsonSchema(joinSpaceSchema))
  join(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(joinSpaceSchema)) body: JoinSpaceInput) {
    return this.spaces.join(user, id, body);
  }

  @Post(':id/leave')
  @HttpCode(204)
  leave(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.leave(user, id);
  }

  @Post(':id/guidelines/accept')
  @HttpCode(200)
  acceptGuidelines(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.acceptGuidelines(user, id);
  }

  /** Opt in (or out) of showing others that you are typing. */
  @Put(':id/typing-preference')
  @ApiBody(jsonSchema(typingSchema))
  typingPreference(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(typingSchema)) body: { showTyping: boolean }) {
    return this.spaces.setTypingPreference(user, id, body.showTyping);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiBody(jsonSchema(markReadSchema))
  markRead(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(markReadSchema)) body: { seq: number }) {
    return this.spaces.markRead(user, id, body.seq);
  }

  @Get(':id/members')
  members(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.members(user, id);
  }

  @Patch(':id/members/:userId')
  @HttpCode(204)
  @ApiBody(jsonSchema(setRoleSchema))
  setRole(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Body(new ZodPipe(setRoleSchema)) body: z.output<typeof setRoleSchema>,
  ) {
    return this.spaces.setRole(user, id, userId, body.role);
  }

  /** Removal is a ban: for good, or until `until`. */
  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiBody(jsonSchema(removeMemberSchema))
  removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Body(new ZodPipe(removeMemberSchema.optional())) body: RemoveMemberInput | undefined,
  ) {
    return this.spaces.removeMember(user, id, userId, body ?? {});
  }

  /** Who is kept out and until when: hosts and moderators. */
  @Get(':id/bans')
  bans(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.bans(user, id);
  }

  @Delete(':id/bans/:userId')
  @HttpCode(204)
  liftBan(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string) {
    return this.spaces.liftBan(user, id, userId);
  }

  @Get(':id/requests')
  requests(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.requests(user, id);
  }

  @Post(':id/requests/:requestId/approve')
  @HttpCode(204)
  approve(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('requestId', uuid) requestId: string) {
    return this.spaces.decideRequest(user, id, requestId, 'approved');
  }

  @Post(':id/requests/:requestId/decline')
  @HttpCode(204)
  decline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('requestId', uuid) requestId: string) {
    return this.spaces.decideRequest(user, id, requestId, 'declined');
  }

  @Get(':id/invites')
  invites(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.spaces.invites(user, id);
  }

  @Post(':id/invites')
  @ApiBody(jsonSchema(createInviteSchema))
  createInvite(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body(new ZodPipe(createInviteSchema)) body: CreateInviteInput) {
    return this.spaces.createInvite(user, id, body);
  }

  @Delete(':id/invites/:inviteId')
  @HttpCode(204)
  revokeInvite(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('inviteId', uuid) inviteId: string) {
    return this.spaces.revokeInvite(user, id, inviteId);
  }
}
