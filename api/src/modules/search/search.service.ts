import { Inject, Injectable } from '@nestjs/common';
import { SEARCH_TYPES, type SearchHit, type SearchQueryInput, type SearchResult } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { queryWords } from './query-words.js';
import { highlight } from './snippet.js';
import { searchTypeModule, type SearchRow } from './search-types.js';
import { SEARCH_ENGINE, type SearchEngine } from './search.engine.js';
import { CANDIDATE_CAP } from './postgres-search.engine.js';

/** Search pages by offset within the ranked candidates: opaque, and checked before use. */
const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,5})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const offset = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(offset) || offset >= CANDIDATE_CAP) throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'validation.invalidValue' }]);
  return offset;
}

@Injectable()
export class SearchService {
  constructor(@Inject(SEARCH_ENGINE) private readonly engine: SearchEngine) {}

  async search(user: AuthUser | undefined, q: SearchQueryInput): Promise<SearchResult> {
    const offset = decodeOffset(q.cursor);
    const words = queryWords(q.q);
    const page = await this.engine.search(
      { userId: user?.id ?? null, isAdmin: user?.roles.includes('admin') ?? false, language: user?.locale ?? null },
      { words, types: q.type?.length ? q.type : SEARCH_TYPES, language: q.language, spaceId: q.spaceId, from: q.from, to: q.to, offset, limit: q.limit },
    );
    return {
      items: page.rows.map((row) => toHit(row, words)),
      nextCursor: page.hasMore ? encodeOffset(offset + q.limit) : null,
      engine: this.engine.name,
      counts: page.counts,
    };
  }
}

function toHit(row: SearchRow, words: string[]): SearchHit {
  const type = searchTypeModule(row.type);
  return {
    type: row.type,
    id: row.id,
    title: type.title(row),
    snippet: highlight(type.snippetText(row), words),
    url: type.url(row),
    language: row.language,
    date: new Date(row.created_at).toISOString(),
    spaceId: row.space_id,
  };
}
