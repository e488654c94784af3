import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './core/config/config.js';
import { openDatabase } from './core/database/database.js';
import { runMigrations } from './core/database/migrate.js';
import { AppError } from './core/errors/app-error.js';
import { translate } from './core/i18n/i18n.js';
import { AccountsService } from './modules/accounts/accounts.service.js';
import { SearchOutboxRelay } from './modules/search/search-outbox.relay.js';

const USAGE = `Usage:
  npm run cli -- migrate                     apply database migrations
  npm run cli -- grant <username> <role>     give a platform role (member, org_staff, admin)
  npm run cli -- reindex                     rebuild the Meilisearch index (MEILI_URL) and swap it in`;

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
  if (command === 'reindex') {
    if (!config.meiliUrl) {
      console.error('reindex needs MEILI_URL: with Postgres search the index is kept by the database itself');
      return 1;
    }
    const db = await openDatabase(config);
    await runMigrations(db.url, db.poolSize);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db), { logger: ['error'] });
    try {
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

process.exitCode = await main(process.argv.slice(2));
