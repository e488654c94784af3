import type { Locale, SearchType } from '@sorstars/shared';
import type { SearchRow } from './search-types.js';

/** Who asks: every engine filters by this, never by anything the engine keeps about people. */
export interface SearchViewer {
  userId: string | null;
  isAdmin: boolean;
  /** Results in this language rank first. */
  language: Locale | null;
}

export interface SearchRequest {
  words: string[];
  types: readonly SearchType[];
  language?: Locale;
  spaceId?: string;
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

export interface SearchPage {
  rows: SearchRow[];
  /** Matches per type among the ranked candidates (all types, whatever `types` asks for). */
  counts: Partial<Record<SearchType, number>>;
  hasMore: boolean;
}

/** The port both engines implement. */
export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  search(viewer: SearchViewer, request: SearchRequest): Promise<SearchPage>;
}

export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');
