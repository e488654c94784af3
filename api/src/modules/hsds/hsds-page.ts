import { z } from 'zod';

/** HSDS's default page size (Open Referral UK's validator asks for pages of 50 or fewer). */
export const HSDS_DEFAULT_PER_PAGE = 50;
export const HSDS_MAX_PER_PAGE = 500;
/** `minimal=true` is meant to list every service in one call; this caps a runaway directory. */
export const HSDS_MINIMAL_MAX_PER_PAGE = 100_000;

const positiveInt = z.coerce.number({ error: 'validation.invalidType' }).int({ error: 'validation.invalidType' }).min(1, { error: 'validation.tooSmall' });
const bool = z.enum(['true', 'false'], { error: 'validation.invalidValue' }).transform((v) => v === 'true');

/** The query HSDS 3.1's OpenAPI lists for /services (and, in part, the other lists). */
export const hsdsListQuerySchema = z
  .object({
    search: z.string().trim().max(200, { error: 'validation.tooBig' }).optional(),
    page: positiveInt.max(1_000_000, { error: 'validation.tooBig' }).default(1),
    per_page: positiveInt.max(HSDS_MINIMAL_MAX_PER_PAGE, { error: 'validation.tooBig' }).optional(),
    taxonomy_term_id: z.uuid({ error: 'validation.uuid' }).optional(),
    taxonomy_id: z.uuid({ error: 'validation.uuid' }).optional(),
    organization_id: z.uuid({ error: 'validation.uuid' }).optional(),
    modified_after: z.iso.datetime({ offset: true, local: false, error: 'validation.dateTime' }).or(z.iso.date({ error: 'validation.dateTime' })).optional(),
    minimal: bool.optional(),
    full: bool.optional(),
    full_service: bool.optional(),
    top_only: bool.optional(),
    parent_id: z.uuid({ error: 'validation.uuid' }).optional(),
    format: z.literal('json', { error: 'validation.invalidValue' }).optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.minimal && q.per_page !== undefined && q.per_page > HSDS_MAX_PER_PAGE) {
      ctx.addIssue({ code: 'custom', path: ['per_page'], message: 'validation.tooBig' });
    }
  });
export type HsdsListQuery = z.output<typeof hsdsListQuerySchema>;

export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

/** Which rows a page asks for. */
export function pageWindow(query: Pick<HsdsListQuery, 'page' | 'per_page' | 'minimal'>): { limit: number; offset: number; perPage: number } {
  const perPage = query.per_page ?? (query.minimal ? HSDS_MINIMAL_MAX_PER_PAGE : HSDS_DEFAULT_PER_PAGE);
  return { limit: perPage, offset: (query.page - 1) * perPage, perPage };
}

/**
 * The HSDS Page around one page of contents. `size` is the number of entities on this page (as the
 * HSDS OpenAPI defines it); a page past the end is empty of contents but keeps the totals.
 */
export function toPage<T>(contents: T[], totalItems: number, pageNumber: number, perPage: number): HsdsPage<T> {
  const totalPages = Math.max(1, Math.ceil(totalItems / perPage));
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: totalItems === 0,
    contents,
  };
}
