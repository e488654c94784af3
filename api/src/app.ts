import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { json, type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './core/config/config.js';
import { openDatabase, type DatabaseHandle } from './core/database/database.js';
import { runMigrations } from './core/database/migrate.js';
import { ProblemFilter } from './core/errors/problem.filter.js';
import { httpLogger, logger } from './core/logging/logger.js';
import { SocketAdapter } from './core/realtime/socket-adapter.js';
import { seedDemoIfEmpty } from './seed/demo.js';
import { HSDS_IMPORT_MAX_BYTES } from './modules/hsds/hsds-import.service.js';
import { REGISTRATION_IMPORT_MAX_BYTES } from '@sorstars/shared';
import { serverTiming } from './core/http/server-timing.js';

export interface RunningApi {
  app: NestExpressApplication;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Opens the database (embedded unless DATABASE_URL), migrates, seeds, and builds the Nest app. */
export async function createApi(config: AppConfig): Promise<RunningApi> {
  const database = await openDatabase(config);
  const ran = await runMigrations(database.url, database.poolSize);
  if (ran.length) logger.info({ migrations: ran }, 'migrations applied');

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  // First, so the time it reports includes reading the body.
  app.use(serverTiming);
  // Every answer is someone's own or may be (their messages, their name, a space only members
  // read): a browser on a shared computer, or a proxy, must keep none of it for the next person.
  // Set before anything can answer (a body too big is answered by the parsers below); a route
  // that may be kept and revalidated (the HSDS API, calendar feeds) sets its own.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // HSDS imports carry whole directories: a larger limit on that one route (before the general
  // parser, which then leaves the parsed body alone); anything bigger is a 413 problem+json.
  app.use('/api/hsds/import', json({ limit: HSDS_IMPORT_MAX_BYTES }));
  // A participants CSV may be 1 MB of text, more once escaped as JSON; the service names `csv` when it is over.
  app.use(/^\/api\/events\/[^/]+\/registrations\/import$/, json({ limit: 4 * REGISTRATION_IMPORT_MAX_BYTES }));
  app.useBodyParser('json', { limit: '256kb' });
  // The web server proxies the API from loopback; X-Forwarded-For from it names the person.
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
  app.use(httpLogger);
  app.use(helmet());
  app.use(cookieParser());
  app.enableCors(config.corsOrigin ? { origin: config.corsOrigin, credentials: true } : { origin: false });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ProblemFilter());
  const sockets = new SocketAdapter(app, config.redisUrl, config.corsOrigin);
  await sockets.init();
  app.useWebSocketAdapter(sockets);

  const openapi = new DocumentBuilder()
    .setTitle('Sorstárs API')
    .setDescription('The public API of Sorstárs. Errors are RFC 9457 problem+json.')
    .setVersion('0.1.0')
    .addCookieAuth('sid')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), {
    jsonDocumentUrl: 'api/docs.json',
  });

  if (config.seedDemo) await seedDemoIfEmpty(app);

  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
