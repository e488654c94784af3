import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig, type AppConfig } from './core/config/config.js';
import { openDatabase } from './core/database/database.js';
import { runningEmbeddedUrl } from './core/database/embedded.js';
import { runMigrations } from './core/database/migrate.js';
import { AppError } from './core/errors/app-error.js';
import { translate } from './core/i18n/i18n.js';
import { logToStderr } from './core/logging/logger.js';
import { AccountsService } from './modules/accounts/accounts.service.js';
import { HsdsImportService } from './modules/hsds/hsds-import.service.js';
import { SearchOutboxRelay } from './modules/search/search-outbox.relay.js';
import { SearchQueueIndexer } from './modules/search/search-queue.js';

const USAGE = `Usage:
  npm run cli -- migrate                     apply database migrations
  npm run cli -- grant <username> <role>     give a platform role (member, org_staff, admin, safeguarding)
  npm run cli -- import-hsds <file> [--organization <slug|id>] [--as <username>] [--category <code>]
                                             import HSDS 3.1 services/organizations (no size limit)
  npm run cli -- reindex                     rebuild the Meilisearch index (MEILI_URL) and swap it in`;

/** `--name value` pairs after the positional arguments. */
function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)$/.exec(args[i]!);
    if (m && args[i + 1] !== undefined) out[m[1]!] = args[++i]!;
  }
  return out;
}

/** An error the operator can act on, printed as one line instead of a stack trace. */
class CliError extends Error {}

/** Where the database is, said without a password. */
function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return `the embedded database in ${path.join(config.dataDir, 'pglite')}`;
  try {
    const url = new URL(config.databaseUrl);
    url.password = '';
    return url.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * The CLI must act on the database the API uses, never make a new one: with neither DATABASE_URL
 * nor an embedded database in DATA_DIR, a wrong DATA_DIR would otherwise start an empty database
 * and answer "we could not find that person".
 */
function checkDatabaseExists(config: AppConfig): void {
  if (config.databaseUrl || runningEmbeddedUrl(config.dataDir)) return;
  if (fs.existsSync(path.join(config.dataDir, 'pglite', 'PG_VERSION'))) return;
  throw new CliError(
    `No database in ${config.dataDir}. Set DATA_DIR to the folder the API uses (or DATABASE_URL for Postgres) and run this again.`,
  );
}

const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|Connection terminated|connect ECONN|timeout/i;

/** One line for any failure; connection trouble says where the database was looked for. */
function explain(err: unknown, config: AppConfig): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof AppError) return translate('en', 'errors', err.code);
  const message = err instanceof Error ? err.message || err.constructor.name : String(err);
  const code = (err as { code?: string } | null)?.code ?? '';
  if (CONNECTION_FAILURE.test(`${code} ${message}`)) {
    const reason = (message.split('\n')[0] || code).replace(/\.$/, '');
    return `Could not reach ${describeDatabase(config)}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}. Is the database (or the API that serves it) running?`;
  }
  return `Failed: ${message.split('\n')[0]}`;
}

async function main(args: string[], config: AppConfig): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'migrate') {
    const db = await openDatabase(config);
    try {
      const ran = await runMigrations(db.url, db.poolSize);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'grant' && rest.length === 2) {
    checkDatabaseExists(config);
    const db = await openDatabase(config);
    try {
      await runMigrations(db.url, db.poolSize);
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db), { logger: ['error'], abortOnError: false });
      try {
        const user = await app.get(AccountsService).grant(rest[0], rest[1]);
        console.log(`${user.username} now has the roles: ${user.roles.join(', ')}`);
        return 0;
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  }
  if (command === 'import-hsds' && rest.length >= 1) {
    const opts = options(rest.slice(1));
    const body: unknown = JSON.parse(await fs.promises.readFile(rest[0]!, 'utf8'));
    const db = await openDatabase(config);
    await runMigrations(db.url, db.poolSize);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db), { logger: ['error'] });
    try {
      const started = Date.now();
      const result = await app
        .get(HsdsImportService)
        .importAsUser(opts.as ?? null, body, { organizationId: opts.organization, defaultCategory: opts.category });
      console.log(JSON.stringify(result.rejected.length ? result : { created: result.created, updated: result.updated, rejected: [] }, null, 2));
      console.error(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return result.rejected.length ? 1 : 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(translate('en', 'errors', err.code), JSON.stringify(err.fieldErrors));
        return 1;
      }
      throw err;
    } finally {
      await app.close();
      await db.close();
    }
  }
  if (command === 'reindex') {
    if (!config.meiliUrl) {
      console.error('reindex needs MEILI_URL: with Postgres search the index is kept by the database itself');
      return 1;
    }
    const db = await openDatabase(config);
    await runMigrations(db.url, db.poolSize);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db), { logger: ['error'] });
    try {
      // Messages sent since the last indexing round join the documents first.
      await app.get(SearchQueueIndexer).catchUp();
      const sent = await app.get(SearchOutboxRelay).reindex();
      console.log(`reindexed ${sent} documents`);
      return 0;
    } finally {
      await app.close();
      await db.close();
    }
  }
  console.error(USAGE);
  return 2;
}

// Standard output is the command's answer alone (an import's JSON summary can be piped to a file).
logToStderr();
let config: AppConfig | null = null;
try {
  // A short run starts no timers (the purge would race the database closing under it).
  config = { ...loadConfig(), backgroundJobs: false };
  process.exitCode = await main(process.argv.slice(2), config);
} catch (err) {
  console.error(config ? explain(err, config) : String((err as Error)?.message ?? err));
  process.exitCode = 1;
}
