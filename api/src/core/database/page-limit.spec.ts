import { firstRows, pageLimit, statementPerPageLimit } from './page-limit.js';

describe('page limits', () => {
  it.each([
    [1, 11],
    [11, 11],
    [12, 21],
    [21, 21],
    [22, 51],
    [51, 51],
    [52, 101],
    [101, 101],
    [102, 501],
    [501, 501],
  ])('a page of %i rows is read with LIMIT %i', (rows, limit) => {
    expect(pageLimit(rows)).toBe(limit);
  });

  it.each([0, -1, 1.5, Number.NaN, 502, 10_000])('refuses a page of %s rows rather than write an unbounded statement', (rows) => {
    expect(() => pageLimit(rows)).toThrow(RangeError);
  });

  it('keeps the first rows asked for, and a short page as it is', () => {
    const page = ['a', 'b', 'c', 'd'];
    expect(firstRows(page, 2)).toEqual(['a', 'b']);
    expect(firstRows(page, 4)).toBe(page);
    expect(firstRows(page, 20)).toBe(page);
  });

  it('makes one statement per LIMIT, once, and hands out that same text', () => {
    const made: number[] = [];
    const statement = statementPerPageLimit((limit) => (made.push(limit), `SELECT 1 LIMIT ${limit}`));
    const first = statement(20);
    expect(first).toBe('SELECT 1 LIMIT 21');
    expect(statement(13)).toBe(first);
    expect(statement(50)).toBe('SELECT 1 LIMIT 51');
    expect(made).toEqual([21, 51]);
  });
});
