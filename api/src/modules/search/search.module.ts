import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Meilisearch } from 'meilisearch';
import type { AppConfig } from '../../core/config/config.js';
import { MEILI_CLIENT, MEILI_INDEX, MeiliSearchEngine } from './meili-search.engine.js';
import { PostgresSearchEngine } from './postgres-search.engine.js';
import { RELAY_OPTIONS, SearchOutboxRelay } from './search-outbox.relay.js';
import { SearchController } from './search.controller.js';
import { SearchQueueIndexer } from './search-queue.js';
import { SEARCH_ENGINE } from './search.engine.js';
import { SearchService } from './search.service.js';
import { SEARCH_WORDS_SWEEP_MS, SearchWordsSweep } from './search-words.sweep.js';

/** Postgres search by default; with MEILI_URL, Meilisearch answers and the outbox relay runs. */
@Module({})
export class SearchModule {
  static forRoot(config: AppConfig): DynamicModule {
    const meili: Provider[] = config.meiliUrl
      ? [
          { provide: MEILI_CLIENT, useValue: new Meilisearch({ host: config.meiliUrl, apiKey: config.meiliKey ?? undefined }) },
          { provide: MEILI_INDEX, useValue: process.env.MEILI_INDEX || 'sorstars_search' },
          { provide: RELAY_OPTIONS, useValue: { intervalMs: Number(process.env.SEARCH_RELAY_INTERVAL_MS ?? 1000), batchSize: 500 } },
          SearchOutboxRelay,
          MeiliSearchEngine,
          { provide: SEARCH_ENGINE, useExisting: MeiliSearchEngine },
        ]
      : [{ provide: SEARCH_ENGINE, useExisting: PostgresSearchEngine }];
    return {
      module: SearchModule,
      controllers: [SearchController],
      providers: [
        PostgresSearchEngine,
        SearchService,
        // Messages are indexed after their send (search-queue.ts), whichever engine answers.
        SearchQueueIndexer,
        // The typo dictionary is the Postgres engine's, but it is kept pruned whichever engine answers.
        { provide: SEARCH_WORDS_SWEEP_MS, useValue: Number(process.env.SEARCH_WORDS_SWEEP_SECONDS ?? 300) * 1000 },
        SearchWordsSweep,
        ...meili,
      ],
      exports: config.meiliUrl ? [SearchOutboxRelay] : [],
    };
  }
}
