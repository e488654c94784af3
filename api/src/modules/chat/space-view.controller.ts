import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { historyQuerySchema, type SpaceView } from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { checkedIdOrSlug } from '../spaces/spaces.controller.js';
import { SpacesService } from '../spaces/spaces.service.js';
import { ChatService } from './chat.service.js';

/**
 * A space's page in one answer. The page needs the space and then its latest messages; asked
 * separately that was two requests in a row from the web, each checking the session and the
 * caller's access again (issue 16: statements per page are what the API's time goes on).
 */
@ApiTags('spaces')
@Controller('spaces/:idOrSlug/view')
@Auth()
export class SpaceViewController {
  constructor(
    private readonly spaces: SpacesService,
    private readonly chat: ChatService,
  ) {}

  /**
   * The space as `GET /api/spaces/:idOrSlug`; `history` as `GET /api/spaces/:id/messages`, or null
   * for whoever does not see the chat here (and for a one-to-one conversation's space).
   */
  @Get()
  async view(@CurrentUser() user: AuthUser, @Param('idOrSlug') idOrSlug: string, @Query(new ZodPipe(historyQuerySchema)) q: z.output<typeof historyQuerySchema>): Promise<SpaceView> {
    const { space, mayRead } = await this.spaces.getForPage(user, checkedIdOrSlug(idOrSlug));
    // A conversation's space is read as the conversation (its page sends its two people there).
    const seesChat = mayRead && Boolean(space.membership?.guidelinesAccepted) && !space.conversationId;
    return { space, history: seesChat ? await this.chat.historyOfReadable(user, space.id, q.before, q.limit, q.around) : null };
  }
}
