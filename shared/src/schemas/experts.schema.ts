import { z } from 'zod';
import { plainText } from './spaces.schema.js';

/**
 * Experts by experience: the contributions an organisation logs for a person who agreed to be
 * listed by it. Nothing here holds tax or bank details or a legal name.
 */
export const CONTRIBUTION_KINDS = ['consultation', 'training', 'working_group', 'lecture', 'peer_research_interview', 'other'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export const CONTRIBUTION_THEMES = ['early_intervention', 'social_inclusion', 'supported_housing', 'other'] as const;
export type ContributionTheme = (typeof CONTRIBUTION_THEMES)[number];
export const CONTRIBUTION_STATUSES = ['planned', 'done', 'paid'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];
/** The currencies the seeds' organisations are paid in; a short list keeps totals readable. */
export const CONTRIBUTION_CURRENCIES = ['EUR', 'HUF', 'RSD', 'DKK'] as const;

export const CONTRIBUTION_HOURS_MIN = 0.25;
export const CONTRIBUTION_HOURS_MAX = 24;
/** The largest fee or expense one entry may carry (in any currency: forint and dinar amounts are large). */
export const CONTRIBUTION_AMOUNT_MAX = 10_000_000;
export const CONTRIBUTION_TITLE_MAX = 200;
export const CONTRIBUTION_NOTE_MAX = 1000;
export const CONTRIBUTION_REFLECTION_MAX = 1000;
/** A contribution's date: not before 2000 and at most two years ahead (planned ones). */
export const CONTRIBUTION_EARLIEST_DATE = '2000-01-01';
export const CONTRIBUTION_YEARS_AHEAD = 2;

/**
 * Which status may follow which. Forward only, one step at a time: nothing is paid before it
 * happened, and paid is final (the payment record must not change under the bookkeeper).
 */
export const CONTRIBUTION_NEXT_STATUS: Record<ContributionStatus, readonly ContributionStatus[]> = {
  planned: ['done'],
  done: ['paid'],
  paid: [],
};

const dateOnly = z
  .string({ error: 'validation.contributionDate' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.contributionDate' })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return false;
    const latest = new Date();
    latest.setUTCFullYear(latest.getUTCFullYear() + CONTRIBUTION_YEARS_AHEAD);
    return v >= CONTRIBUTION_EARLIEST_DATE && d.getTime() <= latest.getTime();
  }, { error: 'validation.contributionDate' });

/** Numbers arrive as JSON numbers from the API's clients and as text from no-JS forms (via the web). */
const hours = z
  .number({ error: 'validation.contributionHours' })
  .min(CONTRIBUTION_HOURS_MIN, { error: 'validation.contributionHours' })
  .max(CONTRIBUTION_HOURS_MAX, { error: 'validation.contributionHours' })
  .refine((v) => Number.isInteger(v * 4), { error: 'validation.contributionHours' });
const amount = z
  .number({ error: 'validation.contributionAmount' })
  .min(0, { error: 'validation.contributionAmount' })
  .max(CONTRIBUTION_AMOUNT_MAX, { error: 'validation.contributionAmount' })
  .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: 'validation.contributionAmount' });

const contributionFields = {
  kind: z.enum(CONTRIBUTION_KINDS, { error: 'validation.invalidValue' }),
  title: plainText(CONTRIBUTION_TITLE_MAX).min(1, { error: 'validation.required' }),
  date: dateOnly,
  hours,
  theme: z.enum(CONTRIBUTION_THEMES, { error: 'validation.invalidValue' }),
  /** Needed when a fee or expenses are given; both are in this currency. */
  currency: z.enum(CONTRIBUTION_CURRENCIES, { error: 'validation.invalidValue' }).nullable(),
  /** The fee offered, or null when none was offered. */
  feeAmount: amount.nullable(),
  /** The expert turned the fee down: the contribution counts as volunteering. */
  feeDeclined: z.boolean({ error: 'validation.invalidType' }),
  expensesAmount: amount,
  note: plainText(CONTRIBUTION_NOTE_MAX).nullable(),
};

type MoneyShape = { currency?: string | null; feeAmount?: number | null; feeDeclined?: boolean; expensesAmount?: number };
/** Money needs a currency, and only an offered fee can be declined. Used by the schema and by edits that merge with a stored entry. */
export function contributionMoneyIssues(v: MoneyShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (!v.currency && ((v.feeAmount ?? null) !== null || (v.expensesAmount ?? 0) > 0)) issues.push({ path: 'currency', message: 'validation.contributionCurrency' });
  if (v.feeDeclined && (v.feeAmount ?? null) === null) issues.push({ path: 'feeDeclined', message: 'validation.contributionDeclinedWithoutFee' });
  return issues;
}
const moneyRules = (v: MoneyShape, ctx: z.core.$RefinementCtx) => {
  for (const issue of contributionMoneyIssues(v)) ctx.addIssue({ code: 'custom', message: issue.message, path: [issue.path] });
};

export const createContributionSchema = z
  .strictObject({
    /** The expert, by username; they must have accepted the organisation's invitation. */
    username: plainText(40).min(1, { error: 'validation.required' }),
    ...contributionFields,
    currency: contributionFields.currency.default(null),
    feeAmount: contributionFields.feeAmount.default(null),
    feeDeclined: contributionFields.feeDeclined.default(false),
    expensesAmount: amount.default(0),
    note: contributionFields.note.default(null),
    /** New entries are planned or already done; "paid" only follows "done". */
    status: z.enum(['planned', 'done'], { error: 'validation.contributionNewStatus' }).default('planned'),
  })
  .superRefine(moneyRules);
export type CreateContributionInput = z.output<typeof createContributionSchema>;

/** Any subset; the service merges it with the stored entry and checks the money rules again. */
export const updateContributionSchema = z
  .strictObject({
    ...contributionFields,
    status: z.enum(CONTRIBUTION_STATUSES, { error: 'validation.invalidValue' }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'validation.nothingToUpdate' });
export type UpdateContributionInput = z.output<typeof updateContributionSchema>;

export const inviteExpertSchema = z.strictObject({
  username: plainText(40).min(1, { error: 'validation.required' }),
});
export type InviteExpertInput = z.output<typeof inviteExpertSchema>;

/** The expert's answer to "how was my input used?"; empty removes it. */
export const contributionReflectionSchema = z.strictObject({
  reflection: plainText(CONTRIBUTION_REFLECTION_MAX),
});
export type ContributionReflectionInput = z.output<typeof contributionReflectionSchema>;

export const contributionListQuerySchema = z.object({
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const contributionTotalsQuerySchema = z.object({
  format: z.enum(['json', 'csv'], { error: 'validation.invalidValue' }).default('json'),
});

export interface Contribution {
  id: string;
  organization: { id: string; slug: string; name: string };
  /** null once the expert deleted their account: "a former member". */
  expert: { userId: string; username: string; displayName: string | null } | null;
  kind: ContributionKind;
  title: string;
  date: string;
  hours: number;
  theme: ContributionTheme;
  currency: string | null;
  feeAmount: number | null;
  feeDeclined: boolean;
  /** True when no fee was offered or it was declined. */
  volunteering: boolean;
  expensesAmount: number;
  status: ContributionStatus;
  note: string | null;
  reflection: string | null;
  reflectedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExpertListing {
  organization: { id: string; slug: string; name: string };
  expert: { userId: string; username: string; displayName: string | null };
  invitedAt: string;
  acceptedAt: string | null;
}

/** One row of totals: a person, a month (YYYY-MM) or a theme; money per currency. */
export interface ContributionTotalsRow {
  group: 'person' | 'month' | 'theme';
  key: string;
  entries: number;
  hours: number;
  volunteerEntries: number;
  money: { currency: string; fees: number; expenses: number }[];
}
