import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { logger } from '../logging/logger.js';
import { allowOwnOrigin } from './origin.js';

/**
 * Socket.IO at /socket.io on the API's port. With REDIS_URL, the Redis adapter lets several API
 * processes share rooms; without it, rooms live in this process.
 */
export class SocketAdapter extends IoAdapter {
  private closers: (() => Promise<unknown>)[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | null,
    /** CORS_ORIGIN: the one other origin whose pages may open sockets. */
    private readonly extraOrigin: string | null = null,
  ) {
    super(app);
  }

  async connectRedis(): Promise<((nsp: unknown) => unknown) | null> {
    if (!this.redisUrl) return null;
    // Loaded only when there is a Redis: the client costs half a second of every start without one.
    const [{ createAdapter }, { createClient }] = await Promise.all([import('@socket.io/redis-adapter'), import('redis')]);
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
      allowRequest: allowOwnOrigin(this.extraOrigin),
      // No connection-state recovery. A reconnect is a fresh connection that joins, checks access
      // and catches up like any other (`messages:since`, then the newest page again). Recovery
      // exists only in the in-process adapter, never behind Redis, and it kept every broadcast of
      // the last two to three minutes in memory for it: after a minute at 1,000 sends a second, the
      // API's memory came back only when that buffer expired (docs/benchmarks.md, issue 16).
      // Turning it back on (or a Redis adapter that has it) needs the checks it had (commit
      // f260f49): a restored session must still authenticate with the same credential, and keep
      // only the rooms its person may still read.
      maxHttpBufferSize: 64 * 1024,
    } as ServerOptions);
    if (this.adapterFactory) server.adapter(this.adapterFactory as never);
    return server;
  }

  /**
   * One plain listener per event instead of Nest's per-socket rxjs pipeline per event (fromEvent,
   * mergeMap, takeUntil, share): the same acks and error logging, about 35 KB less heap for every
   * connected socket (measured with test/bench/chat-fanout.mjs).
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        // What rxjs fromEvent would emit: the one argument, or all of them as an array.
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        let result$: Observable<unknown>;
        try {
          result$ = transform(callback(data, ack));
        } catch (err) {
          this.logger.error(err);
          return;
        }
        result$.subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const reply = response as { event?: string; data?: unknown };
            if (reply.event) socket.emit(reply.event, reply.data);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (err) => this.logger.error(err),
        });
      });
    }
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled(this.closers.map((close) => close()));
  }
}
