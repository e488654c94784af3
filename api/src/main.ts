import { createApi } from './app.js';
import { loadConfig } from './core/config/config.js';
import { logger } from './core/logging/logger.js';

const config = loadConfig();
const api = await createApi(config);
try {
  // Listening on Node's server directly: Nest's listen() logs a busy port as a red stack first.
  await api.app.init();
  const server = api.app.getHttpServer() as import('node:http').Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.apiPort, config.apiHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
  // A stack trace here only hides the one thing to do: free the port or pick another.
  const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
  console.error(`Sorstárs API: port ${config.apiPort} ${why}. Stop what uses it, or choose another port with API_PORT (for example API_PORT=3101 npm start).`);
  await api.close().catch(() => undefined);
  process.exit(1);
}
logger.info({ port: config.apiPort, database: api.database.mode }, 'api listening');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await api.close().catch((err) => logger.error({ err }, 'shutdown failed'));
    process.exit(0);
  });
}
