import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locales.js';
import { currentPasswordSchema } from './accounts.schema.js';
import { isoDateTime, text, webUrl } from './common.schema.js';
import { plainText } from './spaces.schema.js';

export const REPORT_TARGETS = ['message', 'story', 'comment', 'event', 'user', 'resource', 'tip'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];
/** `safety` ("I'm worried about someone's safety") goes to safeguarding leads, never to sanctions. */
export const REPORT_REASONS = ['harassment', 'hate', 'threats', 'spam', 'private_info', 'other', 'safety'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const MODERATION_ACTIONS = ['dismiss', 'hide', 'remove', 'warn', 'mute', 'remove_from_space', 'suspend'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
/** The only actions that last for a while and so take an `until`; the rest have no duration to ask about. */
export const ACTIONS_TAKING_AN_END = ['mute', 'remove_from_space', 'suspend'] as const satisfies readonly ModerationAction[];
export const takesAnEnd = (action: string): boolean => (ACTIONS_TAKING_AN_END as readonly string[]).includes(action);
export const WATCHED_WORD_ACTIONS = ['block', 'approve', 'flag'] as const;
export type WatchedWordAction = (typeof WATCHED_WORD_ACTIONS)[number];
export const CRISIS_COUNTRIES = ['general', 'dk', 'fi', 'hu', 'rs', 'si'] as const;

const uuid = z.uuid({ error: 'validation.uuid' });

export const createReportSchema = z.strictObject({
  targetType: z.enum(REPORT_TARGETS, { error: 'validation.reportTarget' }),
  targetId: uuid,
  reason: z.enum(REPORT_REASONS, { error: 'validation.reportReason' }),
  note: plainText(1000).optional(),
});
export type CreateReportInput = z.infer<typeof createReportSchema>;

/** The report page asks what it is about, to show the reporter what they are reporting. */
export const reportPreviewQuerySchema = z.object({
  targetType: z.enum(REPORT_TARGETS, { error: 'validation.reportTarget' }),
  targetId: uuid,
});

export const queueQuerySchema = z.object({
  spaceId: uuid.optional(),
  status: z.enum(['open', 'resolved']).default('open'),
  kind: z.enum(['report', 'safeguarding', 'watched_word', 'first_message', 'outdated', 'stale']).optional(),
});

export const resolveSchema = z
  .strictObject({
    action: z.enum(MODERATION_ACTIONS, { error: 'validation.moderationAction' }),
    /** Why: shown to the person acted on (remove, warn, mute, suspend) and in the space's log. */
    note: plainText(1000).min(1, { error: 'validation.required' }),
    /** Which of the space's guidelines it was about, for the log. */
    guideline: plainText(200).optional(),
    /** For mute and suspend; a suspension without `until` is for good. */
    until: isoDateTime.optional(),
  })
  .refine((v) => v.action !== 'mute' || v.until, { error: 'validation.untilRequired', path: ['until'] });
export type ResolveInput = z.infer<typeof resolveSchema>;

export const appealSchema = z.strictObject({ note: plainText(2000).min(1, { error: 'validation.required' }) });
/** Signed out: a suspended person proves who they are with their password, and says why. */
export const suspensionAppealSchema = z.strictObject({
  username: text(200).min(1, { error: 'validation.required' }),
  password: currentPasswordSchema,
  note: plainText(2000).min(1, { error: 'validation.required' }),
});

export const decideAppealSchema = z.strictObject({
  outcome: z.enum(['upheld', 'overturned'], { error: 'validation.appealOutcome' }),
  note: plainText(1000).min(1, { error: 'validation.required' }),
});

export const moderationLogQuerySchema = z.object({ spaceId: uuid.optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });

export const watchedWordSchema = z.strictObject({
  word: plainText(100).min(2, { error: 'validation.tooSmall' }),
  action: z.enum(WATCHED_WORD_ACTIONS, { error: 'validation.watchedWordAction' }),
  language: z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }).nullish(),
  spaceId: uuid.nullish(),
});
export type WatchedWordInput = z.infer<typeof watchedWordSchema>;

export const spaceModerationSettingsSchema = z.strictObject({
  slowModeSeconds: z.number().int().min(0).max(3600).optional(),
  approveFirstMessages: z.boolean().optional(),
  autoHideThreshold: z.number().int().min(1).max(50).optional(),
  showModeratorNames: z.boolean().optional(),
});

const translatedText = z.partialRecord(z.enum(SUPPORTED_LOCALES), plainText(2000));

export const crisisResourceSchema = z.strictObject({
  country: z.enum(CRISIS_COUNTRIES, { error: 'validation.country' }),
  municipality: plainText(100).nullish(),
  name: plainText(200).min(1, { error: 'validation.required' }),
  description: translatedText.default({}),
  phone: plainText(40).nullish(),
  url: webUrl().nullish(),
  hours: translatedText.default({}),
  position: z.number().int().min(0).max(1000).default(0),
});
export type CrisisResourceInput = z.infer<typeof crisisResourceSchema>;

export const bannerSchema = z
  .strictObject({
    message: translatedText.refine((m) => !!m.en, { error: 'validation.bannerEnglish' }),
    url: webUrl().nullish(),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
  })
  .refine((b) => new Date(b.endsAt) > new Date(b.startsAt), { error: 'validation.endBeforeStart', path: ['endsAt'] });

export const deleteMeSchema = z.strictObject({
  password: currentPasswordSchema,
  contributions: z.enum(['remove', 'anonymise'], { error: 'validation.contributions' }),
});
export type DeleteMeInput = z.infer<typeof deleteMeSchema>;
