import 'reflect-metadata';
import fs from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './core/config/config.js';
import { openDatabase } from './core/database/database.js';
import { runMigrations } from './core/database/migrate.js';
import { AppError } from './core/errors/app-error.js';
import { translate } from './core/i18n/i18n.js';
import { AccountsService } from './modules/accounts/accounts.service.js';
import { HsdsImportService } from './modules/hsds/hsds-import.service.js';

const USAGE = `Usage:
  npm run cli -- migrate                     apply database migrations
  npm run cli -- grant <username> <role>     give a platform role (member, org_staff, admin)
  npm run cli -- import-hsds <file> [--organization <slug|id>] [--as <username>] [--category <code>]
                                             import HSDS 3.1 services/organizations (no size limit)`;

/** `--name value` pairs after the positional arguments. */
function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)$/.exec(args[i]!);
    if (m && args[i + 1] !== undefined) out[m[1]!] = args[++i]!;
  }
  return out;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const config = loadConfig();
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
    const db = await openDatabase(config);
    await runMigrations(db.url, db.poolSize);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db), { logger: ['error'] });
    try {
      const user = await app.get(AccountsService).grant(rest[0], rest[1]);
      console.log(`${user.username} now has the roles: ${user.roles.join(', ')}`);
      return 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(translate('en', 'errors', err.code));
        return 1;
      }
      throw err;
    } finally {
      await app.close();
      await db.close();
    }
  }
  if (command === 'import-hsds' && rest.length >= 1) {
    const opts = options(rest.slice(1));
    const body: unknown = JSON.parse(await fs.readFile(rest[0]!, 'utf8'));
    const db = await openDatabase(config);
    await runMigrations(db.url, db.poolSize);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db), { logger: ['error'] });
    try {
      const started = Date.now();
      const result = await app
        .get(HsdsImportService)
        .importAsUser(opts.as ?? null, body, { organizationId: opts.organization, defaultCategory: opts.category });
      console.log(JSON.stringify(result.rejected.length ? result : { created: result.created, updated: result.updated, rejected: [] }, null, 2));
      console.log(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
