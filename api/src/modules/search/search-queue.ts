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
    return this.once(() => this.indexBatches(null, false));
  }

  /**
   * Before a search: indexes every message queued before this call, waiting for another indexer
   * if one is at work, so search finds every message whose send had committed. Fails
   * (lock_not_available) when the queue stays taken for more than two seconds.
   */
  async catchUp(): Promise<void> {
    const [{ last }] = await this.db.query(`SELECT max(seq)::text AS last FROM search_queue`);
    if (last !== null) await this.indexBatches(last, true);
  }

  /** Batches of queued messages numbered up to `upTo` (null: any) until one comes back short. */
  private async indexBatches(upTo: string | null, wait: boolean): Promise<number> {
    let indexed = 0;
    for (;;) {
      const [{ n }] = await this.db.query(`SELECT search_index_queued($1, $2, $3) AS n`, [upTo, SEARCH_QUEUE_BATCH, wait]);
      indexed += n;
      if (n < SEARCH_QUEUE_BATCH) return indexed;
    }
  }
}
