import pg from 'pg';
import { startApi, type TestApi } from '../support/api-server.js';
import { prepared, PreparedStatementsClient } from '../../api/src/core/database/prepared.js';

/**
 * The API's pool client sends SQL marked with `prepared()` as a named statement (parsed once per
 * connection, planned once when a generic plan is as good) and every other statement as before.
 * Checked on a connection of its own: `pg_prepared_statements` lists only the asking session's.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

it('sends marked SQL as one named statement per connection, answers each call with its own parameters, and leaves other SQL unnamed', async () => {
  const marked = prepared(`SELECT $1::int * 2 AS doubled`);
  const plain = `SELECT $1::int * 3 AS tripled`;
  // The plain pg client names nothing. (First: the embedded database has one backend for every connection.)
  const other = new pg.Client({ connectionString: api.databaseUrl() });
  await other.connect();
  try {
    expect((await other.query(marked, [1])).rows[0].doubled).toBe(2);
    expect((await other.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows[0].n).toBe(0);
  } finally {
    await other.end();
  }
  const client = new PreparedStatementsClient({ connectionString: api.databaseUrl() });
  await client.connect();
  try {
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) answers.push((await client.query(marked, [i])).rows[0].doubled);
    expect(answers).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect((await client.query(plain, [5])).rows[0].tripled).toBe(15);
    const named = await client.query(`SELECT name, statement FROM pg_prepared_statements`);
    expect(named.rows).toEqual([{ name: expect.stringMatching(/^sorstars_\d+$/), statement: marked }]);
  } finally {
    await client.query(`DEALLOCATE ALL`);
    await client.end();
  }
});
