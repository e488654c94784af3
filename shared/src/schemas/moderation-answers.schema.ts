import { z } from 'zod';
import { CRISIS_COUNTRIES, MODERATION_ACTIONS, REPORT_REASONS, REPORT_TARGETS, WATCHED_WORD_ACTIONS } from './moderation.schema.js';

/**
 * What the moderation and safety endpoints answer, so the web can check each answer with the same
 * schema the API is held to. Lenient about extra fields; strict about the ones pages show.
 */
const translated = z.record(z.string(), z.string());

export const crisisResourceAnswerSchema = z.object({
  id: z.string(),
  country: z.enum(CRISIS_COUNTRIES),
  municipality: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  phone: z.string().nullable(),
  url: z.string().nullable(),
  hours: z.string().nullable(),
  position: z.number(),
});
export type CrisisResource = z.infer<typeof crisisResourceAnswerSchema>;
export const crisisResourceListSchema = z.object({ items: z.array(crisisResourceAnswerSchema) });

/** The admin view: every translation of the texts. */
export const adminCrisisResourceSchema = crisisResourceAnswerSchema.extend({ description: translated, hours: translated });
export type AdminCrisisResource = z.infer<typeof adminCrisisResourceSchema>;
export const adminCrisisResourceListSchema = z.object({ items: z.array(adminCrisisResourceSchema) });

export const bannerAnswerSchema = z.object({
  banner: z.object({ id: z.string().optional(), message: z.string().nullable(), url: z.string().nullable(), startsAt: z.string(), endsAt: z.string() }).nullable(),
});
export type EmergencyBanner = NonNullable<z.infer<typeof bannerAnswerSchema>['banner']>;
export const adminBannerListSchema = z.object({
  items: z.array(z.object({ id: z.string(), message: translated, url: z.string().nullable(), startsAt: z.string(), endsAt: z.string() })),
});
export type AdminBanner = z.infer<typeof adminBannerListSchema>['items'][number];

/** What is being reported, as its reporter can already see it: a short excerpt and whose it is (never an anonymous author). */
export const reportPreviewSchema = z.object({
  targetType: z.enum(REPORT_TARGETS),
  excerpt: z.string().nullable(),
  author: z.string().nullable(),
});
export type ReportPreview = z.infer<typeof reportPreviewSchema>;

export const reportAnswerSchema = z.object({
  reviewItemId: z.string(),
  autoHidden: z.boolean(),
  crisisResources: z.array(crisisResourceAnswerSchema).optional(),
});

/** One line of a moderation log; `moderator` is absent where the space keeps names private, null for automatic steps. */
export const moderationLogEntrySchema = z.object({
  id: z.string(),
  /** A moderation action, or `auto_hide`, `appeal_upheld`, `appeal_overturned`. */
  action: z.string(),
  targetType: z.string(),
  spaceId: z.string().nullable(),
  reason: z.string().nullable(),
  guideline: z.string().nullable(),
  until: z.string().nullable(),
  /** For `grant_role` and `revoke_role`: which platform role. */
  role: z.string().optional(),
  createdAt: z.string(),
  moderator: z.string().nullable().optional(),
});
export type ModerationLogEntry = z.infer<typeof moderationLogEntrySchema>;
export const moderationLogSchema = z.object({ items: z.array(moderationLogEntrySchema) });

export const REVIEW_ITEM_KINDS = ['report', 'safeguarding', 'watched_word', 'first_message'] as const;

export const reviewItemSchema = z.object({
  id: z.string(),
  targetType: z.enum(REPORT_TARGETS),
  targetId: z.string(),
  spaceId: z.string().nullable(),
  kind: z.enum(REVIEW_ITEM_KINDS),
  status: z.enum(['open', 'resolved']),
  autoHidden: z.boolean(),
  resolution: z.enum(MODERATION_ACTIONS).nullable(),
  createdAt: z.string(),
  target: z.object({ excerpt: z.string(), state: z.string().nullable(), authorId: z.string().nullable(), author: z.string().nullable().optional() }).nullable(),
  /** The item is about the caller: no reporters are named and the caller may not act on it. */
  aboutYou: z.boolean(),
  reports: z.array(
    z.object({ reason: z.enum(REPORT_REASONS), note: z.string().nullable(), createdAt: z.string(), reporter: z.string().nullable().optional() }),
  ),
  history: z.array(moderationLogEntrySchema),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;
export const reviewQueueSchema = z.object({ items: z.array(reviewItemSchema) });

export const appealAnswerSchema = z.object({
  id: z.string(),
  actionId: z.string(),
  action: z.string(),
  targetType: z.string(),
  spaceId: z.string().nullable(),
  note: z.string(),
  actionReason: z.string().nullable(),
  createdAt: z.string(),
  canDecide: z.boolean(),
});
export type Appeal = z.infer<typeof appealAnswerSchema>;
export const appealListSchema = z.object({ items: z.array(appealAnswerSchema) });

export const watchedWordAnswerSchema = z.object({
  id: z.string(),
  word: z.string(),
  action: z.enum(WATCHED_WORD_ACTIONS),
  language: z.string().nullable(),
  spaceId: z.string().nullable(),
});
export type WatchedWord = z.infer<typeof watchedWordAnswerSchema>;
export const watchedWordListSchema = z.object({ items: z.array(watchedWordAnswerSchema) });

export const moderationSettingsAnswerSchema = z.object({
  slowModeSeconds: z.number(),
  approveFirstMessages: z.boolean(),
  autoHideThreshold: z.number(),
  showModeratorNames: z.boolean(),
});
export type ModerationSettings = z.infer<typeof moderationSettingsAnswerSchema>;
