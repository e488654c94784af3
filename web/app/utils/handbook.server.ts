import { z } from 'zod';
import { HANDBOOK_LICENCES, HANDBOOK_STATUSES, SUPPORTED_LOCALES } from '@sorstars/shared';
import { api } from './api.server';

/** What the handbook pages read from the API (the shapes of shared's Handbook* types). */
const organization = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export const editionSummarySchema = z.object({
  id: z.string(),
  organization,
  title: z.string(),
  languages: z.array(z.enum(SUPPORTED_LOCALES)),
  licence: z.enum(HANDBOOK_LICENCES),
  status: z.enum(HANDBOOK_STATUSES),
  publishAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  storyCount: z.number(),
});
export const editionListSchema = z.object({ items: z.array(editionSummarySchema), nextCursor: z.string().nullable().optional() });
const entry = z.object({ id: z.string(), storyId: z.string().nullable(), title: z.string(), contributor: z.string().nullable(), anonymous: z.boolean(), position: z.number() });
export const editionSchema = z.object({
  id: z.string(),
  organization,
  title: z.string(),
  languages: z.array(z.enum(SUPPORTED_LOCALES)),
  introductionHtml: z.string(),
  licence: z.enum(HANDBOOK_LICENCES),
  status: z.enum(HANDBOOK_STATUSES),
  publishAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  canEdit: z.boolean(),
  chapters: z.array(z.object({ id: z.string(), title: z.string(), position: z.number(), entries: z.array(entry) })),
  withdrawn: z.array(z.object({ storyId: z.string().nullable(), title: z.string() })),
});
export type Edition = z.infer<typeof editionSchema>;
export const previewSchema = z.object({
  title: z.string(),
  language: z.string(),
  organizationName: z.string(),
  licenceUrl: z.string(),
  introductionHtml: z.string(),
  contributors: z.array(z.string()),
  chapters: z.array(z.object({ title: z.string(), stories: z.array(z.object({ title: z.string(), byline: z.string(), contentNotes: z.array(z.string()), html: z.string() })) })),
  words: z.object({ contents: z.string(), introduction: z.string(), contributors: z.string(), licence: z.string(), licenceText: z.string(), publishedBy: z.string(), date: z.string(), contentNotes: z.string() }),
});
export const candidatesSchema = z.object({
  items: z.array(z.object({ id: z.string(), title: z.string(), language: z.string(), contributor: z.string().nullable(), anonymous: z.boolean() })),
});
export const inclusionsSchema = z.object({
  items: z.array(
    z.object({
      editionId: z.string(),
      editionTitle: z.string(),
      organizationName: z.string(),
      status: z.enum(HANDBOOK_STATUSES),
      publishAt: z.string().nullable(),
      storyId: z.string(),
      storyTitle: z.string(),
      withdrawn: z.boolean(),
    }),
  ),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The edition, or the same 404 the API gives whoever may not see it. */
export async function loadEdition(request: Request, id: string | undefined, locale: string): Promise<Edition> {
  if (!id || !UUID.test(id)) throw new Response(null, { status: 404 });
  const found = await api(request, `/api/handbook/editions/${id}`, { schema: editionSchema, locale });
  if (!found.ok) throw new Response(null, { status: found.status === 404 ? 404 : 503 });
  return found.data;
}

export const downloadHref = (id: string, format: 'epub' | 'docx' | 'pdf') => `/api/handbook/editions/${id}/download/${format}`;
