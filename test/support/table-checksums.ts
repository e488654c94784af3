import pg from 'pg';

/**
 * One md5 per table over every row of the public schema, for "a rejected request changed nothing".
 * Columns that legitimately move on any request are left out by name (see the caller's list, with
 * a reason for each).
 */
export interface TableChecksums {
  take(): Promise<Map<string, string>>;
  /** Takes checksums until two in a row agree, the search queue drained: writes that finish after the answer land first. */
  settled(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export async function tableChecksums(url: string, ignore: { tables: string[]; columns: Record<string, string[]> }): Promise<TableChecksums> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
      ORDER BY table_name, ordinal_position`,
  );
  const columns = new Map<string, string[]>();
  for (const row of rows) {
    if (ignore.tables.includes(row.table_name) || ignore.columns[row.table_name]?.includes(row.column_name)) continue;
    columns.set(row.table_name, [...(columns.get(row.table_name) ?? []), row.column_name]);
  }
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const sql = [...columns]
    .map(([table, cols]) => {
      const row = `ROW(${cols.map((c) => `t.${q(c)}`).join(', ')})::text`;
      return `SELECT '${table}' AS name, md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS sum FROM ${q(table)} t`;
    })
    .join('\nUNION ALL\n');
  const take = async () => new Map((await client.query<{ name: string; sum: string }>(sql)).rows.map((r) => [r.name, r.sum]));
  const queuedForSearch = async () =>
    (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM search_queue')).rows[0].n;
  const same = (a: Map<string, string>, b: Map<string, string>) => [...a].every(([k, v]) => b.get(k) === v) && a.size === b.size;
  return {
    take,
    async settled() {
      // The search queue is indexed in the background, five times a second (search-queue.ts): a
      // write queued before is indexed at some moment after, which would show as a change made by
      // whatever request comes next. Wait until it is empty (5 s at most) before comparing.
      for (let i = 0; i < 100 && (await queuedForSearch()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      let previous = await take();
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 10));
        const next = await take();
        if (same(previous, next)) return next;
        previous = next;
      }
      return previous;
    },
    close: () => client.end(),
  };
}

/** The tables whose checksums differ, for a failure message. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}
