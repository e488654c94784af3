import { aggregate, median, toCsv, type MatchFact } from './numbers.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
let n = 0;
const fact = (over: Partial<MatchFact> = {}): MatchFact => ({
  menteeId: `mentee-${++n}`,
  mentorId: `mentor-${n}`,
  city: 'Aarhus',
  language: 'da',
  requestedAt: day(0),
  startedAt: day(0),
  endedAt: null,
  firstReplyHours: 5,
  ...over,
});

describe('numbers for organisations', () => {
  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('suppresses every cell with fewer than 5 people, and leaves small groups out', () => {
    const facts = [fact(), fact({ city: 'Szeged', language: 'hu' })];
    const rows = aggregate(facts);
    expect(rows).toEqual([
      { group: 'all', key: 'all', started: null, active: null, ended: null, medianDays: null, endedInFirst4WeeksPercent: null, medianFirstReplyHours: null },
    ]);
  });

  it('shows cells at 5 people and more: lengths, early endings and first replies', () => {
    const facts = [
      fact({ endedAt: day(10) }),
      fact({ endedAt: day(20) }),
      fact({ endedAt: day(100) }),
      fact({ firstReplyHours: 1 }),
      fact({ firstReplyHours: 9, city: 'Odense' }),
    ];
    const [all, quarter, aarhus, da] = aggregate(facts);
    // Two active matches are four people: that cell stays hidden.
    expect(all).toMatchObject({ started: 5, active: null, ended: 3, medianDays: 20, endedInFirst4WeeksPercent: 67, medianFirstReplyHours: 5 });
    expect(quarter).toMatchObject({ group: 'period', key: '2026-Q1', started: 5, medianFirstReplyHours: 5 });
    expect(aarhus).toMatchObject({ group: 'city', key: 'Aarhus', started: 4 });
    expect(da).toMatchObject({ group: 'language', key: 'da', started: 5 });
    expect(aggregate(facts).some((r) => r.key === 'Odense')).toBe(false);
  });

  it('gives each quarter its own median first reply, and hides a quarter with fewer than 5 people', () => {
    const spring = (hours: number) => fact({ requestedAt: day(100), firstReplyHours: hours });
    const facts = [...[1, 2, 3, 4, 50].map((h) => fact({ firstReplyHours: h })), ...[10, 20, 30, 40, 60].map(spring), fact({ requestedAt: day(200) })];
    const periods = aggregate(facts).filter((r) => r.group === 'period');
    expect(periods.map((r) => [r.key, r.medianFirstReplyHours])).toEqual([
      ['2026-Q1', 3],
      ['2026-Q2', 30],
    ]);
    // Matches nobody answered yet count for "started" but not for the reply time: two answered ones are four people, hidden.
    const unanswered = aggregate([...[1, 2].map((h) => fact({ firstReplyHours: h })), ...[1, 2, 3].map(() => fact({ firstReplyHours: null }))])[0]!;
    expect(unanswered).toMatchObject({ started: 5, medianFirstReplyHours: null });
  });

  it('writes CSV with empty suppressed cells and defuses formula-looking keys', () => {
    const csv = toCsv([{ group: 'city', key: '=HYPERLINK("x")', started: 7, active: null, ended: 2, medianDays: null, endedInFirst4WeeksPercent: null, medianFirstReplyHours: 3 }]);
    expect(csv.split('\r\n')[1]).toBe(`city,"'=HYPERLINK(""x"")",7,,2,,,3`);
  });
});
