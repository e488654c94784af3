import { entriesCsv, totals, totalsCsv, type TotalsFact } from './totals.js';

const fact = (over: Partial<TotalsFact>): TotalsFact => ({ person: 'aino', month: '2026-03', theme: 'social_inclusion', hours: 1, currency: 'EUR', feeAmount: null, feeDeclined: false, expensesAmount: 0, ...over });

describe('experts-by-experience totals', () => {
  const facts = [
    fact({ hours: 2, feeAmount: 100.1, expensesAmount: 0.2 }),
    fact({ hours: 1.5, feeAmount: 50, feeDeclined: true, expensesAmount: 0.1, month: '2026-04' }),
    fact({ person: null, hours: 0.25, currency: 'HUF', feeAmount: 20000, theme: '=HYPERLINK("x")' }),
  ];

  it('sums hours and money per currency; a declined fee is volunteering and adds no fee', () => {
    const rows = totals(facts);
    expect(rows.find((r) => r.group === 'person' && r.key === 'aino')).toEqual({
      group: 'person', key: 'aino', entries: 2, hours: 3.5, volunteerEntries: 1, money: [{ currency: 'EUR', fees: 100.1, expenses: 0.3 }],
    });
    expect(rows.find((r) => r.group === 'person' && r.key === 'former member')?.money).toEqual([{ currency: 'HUF', fees: 20000, expenses: 0 }]);
    expect(rows.filter((r) => r.group === 'month').map((r) => [r.key, r.entries])).toEqual([['2026-03', 2], ['2026-04', 1]]);
  });

  it('writes one column pair per currency and defuses formula-looking cells', () => {
    const csv = totalsCsv(totals(facts));
    const [head, ...lines] = csv.trim().split('\r\n');
    expect(head).toBe('group,key,entries,hours,volunteer_entries,fees_EUR,expenses_EUR,fees_HUF,expenses_HUF');
    expect(lines).toContain('person,aino,2,3.50,1,100.10,0.30,0.00,0.00');
    expect(lines).toContain(`theme,"'=HYPERLINK(""x"")",1,0.25,0,0.00,0.00,20000.00,0.00`);
  });

  it('the expert’s own CSV defuses a title that looks like a formula', () => {
    const csv = entriesCsv([{ organization: 'Org', date: '2026-03-01', kind: 'lecture', title: '@SUM(A1)', theme: 'other', hours: 1, status: 'done', volunteering: true, currency: null, feeAmount: null, feeDeclined: false, expensesAmount: 0, reflection: null }]);
    expect(csv.split('\r\n')[1]).toBe(`Org,2026-03-01,lecture,"'@SUM(A1)",other,1.00,done,yes,,,no,0.00,`);
  });
});
