import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { PeriodicSweep } from '../../core/scheduling/periodic-sweep.js';

/** How often each API process indexes the messages sent since (migration IndexMessagesAfterTheSend). */
export const SEARCH_QUEUE_EVERY_MS = 200;
/** Messages indexed in one transaction: a busy second of chat, without holding the queue's lock long. */
export const SEARCH_QUEUE_BATCH = 500;

/**
 * Indexes every message queued before this call, waiting for another indexer if one is at work:
 * afterwards, search finds every message whose send had committed when this was called. Fails
 * (lock_not_available) when the queue stays taken for more than two seconds.
 */
export async function indexQueuedMessages(db: DataSource): Promise<void> {
  const [{ last }] = await db.query(`SELECT max(seq)::text AS last FROM search_queue`);
  if (last === null) return;
  // Fewer than a batch means nothing up to `last` is left: with `wait`, no other indexer is at work.
  while ((await db.query(`SELECT search_index_queued($1, $2, true) AS n`, [last, SEARCH_QUEUE_BATCH]))[0].n >= SEARCH_QUEUE_BATCH);
}

/**
 * Chat messages are indexed for search a moment after they are sent, in batches (the migration
 * says why). Every API process tries a few times a second; one at a time indexes, the others
 * skip that round.
 */
@Injectable()
export class SearchQueueIndexer extends PeriodicSweep<number> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(SEARCH_QUEUE_EVERY_MS, 'search queue indexer', 0, config.backgroundJobs);
  }

  /** Indexes what is queued, a batch at a time; answers how many messages (0 if another process is at it). */
  sweep(): Promise<number> {
    return this.once(async () => {
      let indexed = 0;
      for (;;) {
        const [{ n }] = await this.db.query(`SELECT search_index_queued(NULL, $1, false) AS n`, [SEARCH_QUEUE_BATCH]);
        indexed += n;
        if (n < SEARCH_QUEUE_BATCH) return indexed;
      }
    });
  }

  /** Before a search: everything sent so far becomes findable. */
  catchUp(): Promise<void> {
    return indexQueuedMessages(this.db);
  }
}
