import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { logger } from '../logging/logger.js';

/**
 * Socket.IO at /socket.io on the API's port. With REDIS_URL, the Redis adapter lets several API
 * processes share rooms; without it, rooms live in this process.
 */
export class SocketAdapter extends IoAdapter {
  private closers: (() => Promise<unknown>)[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | null,
  ) {
    super(app);
  }

  async connectRedis(): Promise<((nsp: unknown) => unknown) | null> {
    if (!this.redisUrl) return null;
    const pub = createClient({ url: this.redisUrl });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on('error', (err) => logger.error({ err }, 'redis error'));
    await Promise.all([pub.connect(), sub.connect()]);
    this.closers.push(() => pub.quit(), () => sub.quit());
    return createAdapter(pub, sub) as (nsp: unknown) => unknown;
  }

  private adapterFactory: ((nsp: unknown) => unknown) | null = null;

  async init(): Promise<void> {
    this.adapterFactory = await this.connectRedis();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      cors: { origin: false },
      // A fast path only: after any reconnect the client still asks `messages:since`.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      maxHttpBufferSize: 64 * 1024,
    } as ServerOptions);
    if (this.adapterFactory) server.adapter(this.adapterFactory as never);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled(this.closers.map((close) => close()));
  }
}
