import type { Contribution } from '@sorstars/shared';

/** What the form shows for a stored entry (editing). */
export function contributionValues(c: Contribution): Record<string, string> {
  return {
    kind: c.kind,
    title: c.title,
    date: c.date,
    hours: String(c.hours),
    theme: c.theme,
    currency: c.currency ?? '',
    feeAmount: c.feeAmount === null ? '' : String(c.feeAmount),
    expensesAmount: c.expensesAmount ? String(c.expensesAmount) : '',
    status: c.status,
    note: c.note ?? '',
    feeDeclined: c.feeDeclined ? 'true' : '',
  };
}
