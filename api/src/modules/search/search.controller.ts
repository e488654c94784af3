import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { searchQuerySchema, type SearchQueryInput } from '@sorstars/shared';
import { CurrentUser, OptionalAuth } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** Everything the caller may read now that matches `q`, best first. */
  @Get()
  @OptionalAuth()
  find(@CurrentUser() user: AuthUser | undefined, @Query(new ZodPipe(searchQuerySchema)) q: SearchQueryInput) {
    return this.search.search(user, q);
  }
}
