import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locales.js';

/** What search can find. */
export const SEARCH_TYPES = ['space', 'story', 'comment', 'event', 'message', 'resource', 'organization'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Longer queries are refused: nobody types them, and they would only make a slow query. */
export const SEARCH_QUERY_MAX = 500;

const isoDate = z.iso.datetime({ offset: true, error: 'validation.dateTime' }).or(z.iso.date({ error: 'validation.dateTime' }));

export const searchQuerySchema = z.object({
  q: z.string().max(SEARCH_QUERY_MAX, { error: 'validation.searchQueryTooLong' }).default(''),
  /** Comma-separated, e.g. `story,message`; unknown names are refused, not ignored. */
  type: z
    .string()
    .max(200)
    .transform((v) => v.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.enum(SEARCH_TYPES, { error: 'validation.searchType' })))
    .optional(),
  language: z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }).optional(),
  spaceId: z.uuid({ error: 'validation.uuid' }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(100).optional(),
});
export type SearchQueryInput = z.output<typeof searchQuerySchema>;

export const searchHitSchema = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.string(),
  title: z.string(),
  /** Plain text, HTML-escaped, with the matched words in `<mark>`: safe to insert as HTML. */
  snippet: z.string(),
  url: z.string(),
  language: z.string().nullable(),
  date: z.string(),
  spaceId: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultSchema = z.object({
  items: z.array(searchHitSchema),
  nextCursor: z.string().nullable(),
  engine: z.enum(['postgres', 'meilisearch']),
  /** Matches per type among the ranked candidates, for the web's tabs. */
  counts: z.record(z.string(), z.number()),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
