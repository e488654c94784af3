import { z } from 'zod';
import { plainText } from './spaces.schema.js';

/** The kinds of detail a case card may not carry; the API names them, never the detail itself. */
export const IDENTIFYING_KINDS = ['name', 'username', 'phone', 'email', 'address', 'profile'] as const;
export type IdentifyingKindCode = (typeof IDENTIFYING_KINDS)[number];

export const CASE_CARD_ALIAS_MAX = 40;
export const CASE_CARD_BODY_MAX = 2000;
/** Cards disappear 90 days after they were posted. */
export const CASE_CARD_DAYS = 90;
/** Numbers for organisations count a cell only when at least this many people are in it. */
export const MIN_CELL_SIZE = 5;

const uuid = z.uuid({ error: 'validation.invalidType' });

export const createCaseCardSchema = z.strictObject({
  menteeId: uuid,
  alias: plainText(CASE_CARD_ALIAS_MAX).min(1, { error: 'validation.required' }),
  body: plainText(CASE_CARD_BODY_MAX).min(1, { error: 'validation.required' }),
});
export type CreateCaseCardInput = z.output<typeof createCaseCardSchema>;

export const markMentorSchema = z.strictObject({
  username: plainText(40).min(1, { error: 'validation.required' }),
});
export type MarkMentorInput = z.output<typeof markMentorSchema>;

/** A mentee's yes or no to "my mentor may discuss my situation anonymously". */
export const discussionPermissionSchema = z
  .strictObject({
    /** The mentor, by id (the toggles) or by username (the form where a mentee names their mentor). */
    mentorId: uuid.optional(),
    mentorUsername: plainText(40).min(1, { error: 'validation.required' }).optional(),
    allowed: z.boolean({ error: 'validation.invalidType' }),
  })
  .refine((v) => v.mentorId !== undefined || v.mentorUsername !== undefined, { error: 'validation.required', path: ['mentorUsername'] });
export type DiscussionPermissionInput = z.output<typeof discussionPermissionSchema>;

export interface CaseCardSummary {
  id: string;
  alias: string;
  mine: boolean;
  createdAt: string;
  expiresAt: string;
}
export interface CaseCard extends CaseCardSummary {
  body: string;
}
/** What a mentee sees of a card about them: that it exists and when it was discussed, not its text. */
export interface CaseCardAboutMe {
  id: string;
  organization: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
  discussedOn: string[];
}
export interface OrganizationLogEntry {
  id: string;
  action: 'circle_created' | 'mentor_added' | 'mentor_removed' | 'numbers_viewed' | 'numbers_downloaded' | 'feedback_viewed' | 'admin_handed_over';
  actor: { username: string } | null;
  subject: { username: string } | null;
  createdAt: string;
}
/** One row of numbers: `null` means fewer than MIN_CELL_SIZE people, so not shown. */
export interface NumbersRow {
  /** `period`: the calendar quarter the matches were requested in, keyed like "2026-Q1". */
  group: 'all' | 'period' | 'city' | 'language';
  key: string;
  started: number | null;
  active: number | null;
  ended: number | null;
  medianDays: number | null;
  endedInFirst4WeeksPercent: number | null;
  medianFirstReplyHours: number | null;
}

/**
 * Private feedback left at the end of a match, as the organisation's coordinators read it: the
 * words and from which side, in which month; never who wrote it, about whom, or which match. A
 * coordinator who was one of the two in that match does not see it at all.
 */
export interface OrganizationFeedback {
  id: string;
  note: string;
  from: 'mentor' | 'mentee' | null;
  /** "2026-11": the month, not the day, so a date cannot point at one match. */
  month: string;
}
export const FEEDBACK_PAGE_MAX = 100;
export const feedbackListQuerySchema = z.object({
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(FEEDBACK_PAGE_MAX).default(50),
});
