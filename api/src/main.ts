import { createApi } from './app.js';
import { loadConfig } from './core/config/config.js';
import { logger } from './core/logging/logger.js';

const config = loadConfig();
const api = await createApi(config);
await api.app.listen(config.apiPort, config.apiHost);
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
