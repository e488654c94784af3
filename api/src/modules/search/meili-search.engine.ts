import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Meilisearch } from 'meilisearch';
import type { DataSource } from 'typeorm';
import type { SearchType } from '@sorstars/shared';
import { fold } from './query-words.js';
import { fromMeiliDocument, type MeiliDocument } from './meili-documents.js';
import { permissionFilter, requestFilter, typeFilter } from './meili-filter.js';
import type { SearchEngine, SearchPage, SearchRequest, SearchViewer } from './search.engine.js';

export const MEILI_CLIENT = Symbol('MEILI_CLIENT');
/** The live index's name (MEILI_INDEX, default `sorstars_search`); reindex swaps a new one in under it. */
export const MEILI_INDEX = Symbol('MEILI_INDEX');

/**
 * Meilisearch as the engine: the query is folded like the Postgres one (so Cyrillic and missing
 * diacritics match the folded field), and every query carries a permission filter built from the
 * caller's memberships and blocks as Postgres has them now — the engine is never trusted to know
 * who asks. One request returns the page (with the type filter) and the per-type counts.
 */
@Injectable()
export class MeiliSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MEILI_CLIENT) private readonly client: Meilisearch,
    @Inject(MEILI_INDEX) private readonly index: string,
  ) {}

  async search(viewer: SearchViewer, r: SearchRequest): Promise<SearchPage> {
    if (r.words.length === 0) return { rows: [], counts: {}, hasMore: false };
    const [spaces, blocks]: { id: string }[][] = viewer.userId
      ? await Promise.all([
          this.db.query(`SELECT space_id AS id FROM space_members WHERE user_id = $1`, [viewer.userId]),
          this.db.query(`SELECT blocked_id AS id FROM user_blocks WHERE blocker_id = $1`, [viewer.userId]),
        ])
      : [[], []];
    const base = [
      permissionFilter({ userId: viewer.userId, isAdmin: viewer.isAdmin, spaceIds: spaces.map((s) => s.id), blockedIds: blocks.map((b) => b.id) }),
      ...requestFilter(r),
    ];
    const q = fold(r.words.join(' '));
    const { results } = await this.client.multiSearch({
      queries: [
        { indexUid: this.index, q, filter: [...base, typeFilter(r.types)], limit: r.limit + 1, offset: r.offset },
        { indexUid: this.index, q, filter: base, limit: 0, facets: ['type'] },
      ],
    });
    const hits = results[0].hits as unknown as MeiliDocument[];
    const counts = (results[1].facetDistribution?.type ?? {}) as Partial<Record<SearchType, number>>;
    return { rows: hits.slice(0, r.limit).map(fromMeiliDocument), counts, hasMore: hits.length > r.limit };
  }
}
