/*
 * A list page's LIMIT, written into its statement instead of sent as a parameter.
 *
 * The lists go out as named prepared statements (prepared.ts), which Postgres stops planning on
 * each call once one generic plan looks no dearer than the plans made for each call's values. With
 * `LIMIT $n` the generic plan cannot know how small a page is: Postgres costs it as reading a tenth
 * of the matching rows, which on a big table (100,000 stories, or one busy space's messages) is
 * always dearer, so it planned these statements afresh on every call: 0.3–0.6 ms more of
 * Postgres's CPU a page at 100,000 rows than at 100, for stories, spaces and a space's messages
 * (`lists` bench, 8 December 2026). With the number written in, the generic plan is costed for one
 * page and kept after five calls.
 *
 * Each number makes another statement, prepared in every connection of the pool that runs it, so a
 * page's size is rounded up to one of a few: the caller asks for at least the rows it needs and
 * keeps only those (`firstRows`).
 */
// Pages of 10, 20, 50 and 100 (the API's own sizes, at most 100) with one more row to tell whether
// there is another page; 501: a reconnect's catch-up (SINCE_LIMIT in chat.service.ts).
const PAGE_LIMITS = [11, 21, 51, 101, 501] as const;

/** The LIMIT to write for a page of `rows` rows: the smallest of PAGE_LIMITS that holds them. */
export function pageLimit(rows: number): number {
  const limit = PAGE_LIMITS.find((size) => size >= rows);
  if (!Number.isSafeInteger(rows) || rows < 1 || limit === undefined) throw new RangeError(`a page of ${rows} rows: from 1 to ${PAGE_LIMITS.at(-1)}`);
  return limit;
}

/** The first `rows` of a page read with `LIMIT pageLimit(rows)`. */
export function firstRows<Rows extends unknown[]>(page: Rows, rows: number): Rows {
  return page.length > rows ? (page.slice(0, rows) as Rows) : page;
}

/**
 * A statement whose text depends only on its page's LIMIT: `make(limit)` for each of PAGE_LIMITS,
 * made on first use and kept, so the same string object goes out each time.
 */
export function statementPerPageLimit(make: (limit: number) => string): (rows: number) => string {
  const made = new Map<number, string>();
  return (rows) => {
    const limit = pageLimit(rows);
    let text = made.get(limit);
    if (text === undefined) made.set(limit, (text = make(limit)));
    return text;
  };
}
