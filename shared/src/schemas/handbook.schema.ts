import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from '../locales.js';
import { isoDateTime, requiredText, text, uuidSchema } from './common.schema.js';

/** Open licences a grant output may carry; the first is the default (grant outputs must be openly licensed). */
export const HANDBOOK_LICENCES = ['CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0'] as const;
export type HandbookLicence = (typeof HANDBOOK_LICENCES)[number];
export const HANDBOOK_LICENCE_URLS: Record<HandbookLicence, string> = {
  'CC-BY-SA-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
};
export const HANDBOOK_STATUSES = ['draft', 'frozen', 'published'] as const;
export type HandbookStatus = (typeof HANDBOOK_STATUSES)[number];
export const HANDBOOK_FORMATS = ['epub', 'docx', 'pdf'] as const;
export type HandbookFormat = (typeof HANDBOOK_FORMATS)[number];
/** Authors are asked once more and have this many days to say no before the edition goes out. */
export const HANDBOOK_FREEZE_DAYS = 14;
/** Bounds on what one edition may hold, so exports stay a bounded amount of work. */
export const HANDBOOK_MAX_CHAPTERS = 50;
export const HANDBOOK_MAX_STORIES = 200;
export const HANDBOOK_TITLE_MAX = 200;
export const HANDBOOK_INTRO_MAX = 20_000;

const languages = z
  .array(z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }), requiredText)
  .min(1, { error: 'validation.required' })
  .max(SUPPORTED_LOCALES.length)
  .refine((l) => new Set(l).size === l.length, { error: 'validation.duplicate' });

export const createEditionSchema = z.strictObject({
  organizationId: uuidSchema,
  title: text(HANDBOOK_TITLE_MAX).pipe(z.string().min(1, { error: 'validation.required' })),
  /** The first language picks the front matter's words. */
  languages,
  /** A tiptap document (the story schema), or plain text. */
  introduction: z.unknown().optional(),
  licence: z.enum(HANDBOOK_LICENCES, { error: 'validation.invalidType' }).optional(),
});
export type CreateEditionInput = z.infer<typeof createEditionSchema>;

export const updateEditionSchema = createEditionSchema.omit({ organizationId: true }).partial();
export type UpdateEditionInput = z.infer<typeof updateEditionSchema>;

export const chapterInputSchema = z.strictObject({ title: text(HANDBOOK_TITLE_MAX).pipe(z.string().min(1, { error: 'validation.required' })) });
export const moveSchema = z.strictObject({ direction: z.enum(['up', 'down'], { error: 'validation.invalidType' }) });
export const addEntrySchema = z.strictObject({ storyId: uuidSchema });
export const freezeEditionSchema = z.strictObject({ publishAt: isoDateTime });
export const withdrawEntrySchema = z.strictObject({ storyId: uuidSchema });

export interface HandbookEntry {
  id: string;
  storyId: string | null;
  title: string;
  /** "Anonymous" stays null here; a chosen name otherwise. */
  contributor: string | null;
  anonymous: boolean;
  position: number;
  withdrawn: boolean;
}
export interface HandbookChapter {
  id: string;
  title: string;
  position: number;
  entries: HandbookEntry[];
}
export interface HandbookEdition {
  id: string;
  organization: { id: string; slug: string; name: string };
  title: string;
  languages: Locale[];
  introduction: unknown;
  introductionHtml: string;
  licence: HandbookLicence;
  status: HandbookStatus;
  publishAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  canEdit: boolean;
  chapters: HandbookChapter[];
  /** Stories an author withdrew from this edition (editors see which, to know why they left). */
  withdrawn: { storyId: string | null; title: string }[];
}
export interface HandbookEditionSummary {
  id: string;
  organization: { id: string; slug: string; name: string };
  title: string;
  languages: Locale[];
  licence: HandbookLicence;
  status: HandbookStatus;
  publishAt: string | null;
  publishedAt: string | null;
  storyCount: number;
}
export interface HandbookCandidate {
  id: string;
  title: string;
  language: Locale;
  contributor: string | null;
  anonymous: boolean;
}
export interface HandbookInclusion {
  editionId: string;
  editionTitle: string;
  organizationName: string;
  status: HandbookStatus;
  publishAt: string | null;
  storyId: string;
  storyTitle: string;
  withdrawn: boolean;
}
