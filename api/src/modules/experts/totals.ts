import type { ContributionTotalsRow } from '@sorstars/shared';
import { csvCell } from '../../core/csv/csv-cell.js';

/** One entry as the totals see it. `person` is the username, or null for a former member. */
export interface TotalsFact {
  person: string | null;
  month: string;
  theme: string;
  hours: number;
  currency: string | null;
  feeAmount: number | null;
  feeDeclined: boolean;
  expensesAmount: number;
}

/** How a deleted account's entries are labelled in the totals (they are counted together). */
export const FORMER_MEMBER_KEY = 'former member';

/** Cents avoid binary fractions in sums: 0.1 + 0.2 must print 0.30. */
const cents = (n: number) => Math.round(n * 100);

/**
 * Totals per person, per month and per theme. Money is summed per currency, never across
 * currencies; a declined fee is volunteering and adds nothing to fees. Callers pass only entries
 * that happened (done or paid).
 */
export function totals(facts: readonly TotalsFact[]): ContributionTotalsRow[] {
  const rows: ContributionTotalsRow[] = [];
  for (const group of ['person', 'month', 'theme'] as const) {
    const byKey = new Map<string, TotalsFact[]>();
    for (const f of facts) {
      const key = group === 'person' ? (f.person ?? FORMER_MEMBER_KEY) : f[group];
      byKey.set(key, [...(byKey.get(key) ?? []), f]);
    }
    for (const [key, list] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      const money = new Map<string, { fees: number; expenses: number }>();
      for (const f of list) {
        if (!f.currency) continue;
        const m = money.get(f.currency) ?? { fees: 0, expenses: 0 };
        if (f.feeAmount !== null && !f.feeDeclined) m.fees += cents(f.feeAmount);
        m.expenses += cents(f.expensesAmount);
        money.set(f.currency, m);
      }
      rows.push({
        group,
        key,
        entries: list.length,
        hours: list.reduce((sum, f) => sum + Math.round(f.hours * 4), 0) / 4,
        volunteerEntries: list.filter((f) => f.feeAmount === null || f.feeDeclined).length,
        money: [...money].sort(([a], [b]) => a.localeCompare(b)).map(([currency, m]) => ({ currency, fees: m.fees / 100, expenses: m.expenses / 100 })),
      });
    }
  }
  return rows;
}

/** One column pair per currency present, so a spreadsheet can sum each column. */
export function totalsCsv(rows: readonly ContributionTotalsRow[]): string {
  const currencies = [...new Set(rows.flatMap((r) => r.money.map((m) => m.currency)))].sort();
  const head = ['group', 'key', 'entries', 'hours', 'volunteer_entries', ...currencies.flatMap((c) => [`fees_${c}`, `expenses_${c}`])];
  const lines = rows.map((r) =>
    [
      r.group,
      r.key,
      r.entries,
      r.hours.toFixed(2),
      r.volunteerEntries,
      ...currencies.flatMap((c) => {
        const m = r.money.find((x) => x.currency === c);
        return [(m?.fees ?? 0).toFixed(2), (m?.expenses ?? 0).toFixed(2)];
      }),
    ]
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The expert's own entries, one line each, for their records. */
export function entriesCsv(
  entries: readonly { organization: string; date: string; kind: string; title: string; theme: string; hours: number; status: string; volunteering: boolean; currency: string | null; feeAmount: number | null; feeDeclined: boolean; expensesAmount: number; reflection: string | null }[],
): string {
  const head = ['organization', 'date', 'kind', 'title', 'theme', 'hours', 'status', 'volunteering', 'currency', 'fee_offered', 'fee_declined', 'expenses', 'reflection'];
  const lines = entries.map((e) =>
    [e.organization, e.date, e.kind, e.title, e.theme, e.hours.toFixed(2), e.status, e.volunteering ? 'yes' : 'no', e.currency, e.feeAmount === null ? null : e.feeAmount.toFixed(2), e.feeDeclined ? 'yes' : 'no', e.expensesAmount.toFixed(2), e.reflection]
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
