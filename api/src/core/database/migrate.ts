import { DataSource, MigrationExecutor } from 'typeorm';
import { migrations } from '@sorstars/migrations';

/** Any fixed number: several API processes starting at once take turns migrating. */
const MIGRATION_LOCK = 71_20_26;

/**
 * Runs the migrations a database has not seen, under an advisory lock so that two API processes
 * starting together against one Postgres do not both try. Returns the names it ran.
 */
export async function runMigrations(url: string, poolSize: number): Promise<string[]> {
  const ds = new DataSource({ type: 'postgres', url, migrations, extra: { max: poolSize }, logging: false });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // The executor shares this connection: with the embedded database it is the only one.
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'each';
    const ran = await executor.executePendingMigrations();
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}
