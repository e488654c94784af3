import { Module } from '@nestjs/common';
import { PostgresSearchEngine } from './postgres-search.engine.js';
import { SearchController } from './search.controller.js';
import { SEARCH_ENGINE } from './search.engine.js';
import { SearchService } from './search.service.js';

@Module({
  controllers: [SearchController],
  providers: [PostgresSearchEngine, { provide: SEARCH_ENGINE, useExisting: PostgresSearchEngine }, SearchService],
})
export class SearchModule {}
