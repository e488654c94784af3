import type { Contribution, ContributionTotalsRow, ExpertListing } from '@sorstars/shared';
import { isObject, listOf, shaped } from './shaped-answers';

/* The experts-by-experience answers, checked for the fields the pages rely on. */
const isContribution = (v: Record<string, unknown>) => typeof v.id === 'string' && typeof v.title === 'string' && typeof v.hours === 'number' && typeof v.status === 'string';

export const contributionSchema = shaped<Contribution>(isContribution, 'a contribution');
export const contributionPageSchema = shaped<{ items: Contribution[]; nextCursor: string | null }>(listOf(isContribution), 'contributions');
export const listingsSchema = shaped<{ items: ExpertListing[] }>(listOf((v) => isObject(v.organization) && isObject(v.expert)), 'expert listings');
export const totalsSchema = shaped<{ items: ContributionTotalsRow[] }>(listOf((v) => typeof v.group === 'string' && Array.isArray(v.money)), 'totals');

/** The contribution form's fields, as a no-JS form posts them. */
export const CONTRIBUTION_FIELDS = ['username', 'kind', 'title', 'date', 'hours', 'theme', 'currency', 'feeAmount', 'expensesAmount', 'status', 'note'] as const;

/** "1,5" and "1.5" are the same number; an empty box is "none". Anything else stays text for the schema to refuse. */
const numberOrText = (v: string | undefined): number | string | null => {
  const s = (v ?? '').trim().replace(',', '.');
  if (s === '') return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
};

/** Turns the posted form into the API's body; the shared schema then checks it. */
export function contributionBody(values: Record<string, string>, feeDeclined: boolean) {
  const hours = numberOrText(values.hours);
  const expenses = numberOrText(values.expensesAmount);
  return {
    kind: values.kind,
    title: values.title ?? '',
    date: values.date ?? '',
    hours: hours === null ? '' : hours,
    theme: values.theme,
    currency: values.currency ? values.currency : null,
    feeAmount: numberOrText(values.feeAmount),
    feeDeclined,
    expensesAmount: expenses === null ? 0 : expenses,
    status: values.status,
    note: values.note?.trim() ? values.note : null,
  };
}
