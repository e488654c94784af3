import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IndexSwap, Meilisearch } from 'meilisearch';
import type { DataSource, EntityManager } from 'typeorm';
import { logger } from '../../core/logging/logger.js';
import { MEILI_FILTERABLE, MEILI_SOURCE_SQL, meiliKey, toMeiliDocument, type MeiliSourceRow } from './meili-documents.js';
import { MEILI_CLIENT, MEILI_INDEX } from './meili-search.engine.js';

export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');
export interface RelayOptions {
  intervalMs: number;
  batchSize: number;
}

/** Only one relay sends at a time across all API processes, so documents reach the engine in commit order. */
const RELAY_LOCK = 0x5ea_4c4;

/** Index settings: what is searched, what permission filters and facets may use. */
export async function configureIndex(client: Meilisearch, uid: string): Promise<void> {
  await client.index(uid).updateSettings({
    searchableAttributes: ['title', 'folded', 'body', 'spaceName', 'storyTitle'],
    filterableAttributes: [...MEILI_FILTERABLE],
    sortableAttributes: ['createdAt'],
  }).waitTask();
}

/**
 * Keeps Meilisearch in step with search_documents through the outbox: claims a batch
 * (FOR UPDATE SKIP LOCKED, under one advisory lock so several API processes never send out of
 * order), re-reads the current documents — what is gone is deleted from the index — sends them,
 * and deletes the claimed rows; on failure the rows wait 2, 4, 8 … up to 300 seconds.
 */
@Injectable()
export class SearchOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private indexReady = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MEILI_CLIENT) private readonly client: Meilisearch,
    @Inject(RELAY_OPTIONS) private readonly options: RelayOptions,
    @Inject(MEILI_INDEX) private readonly index: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.db.query(`UPDATE search_settings SET outbox_enabled = true WHERE NOT outbox_enabled`);
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while ((await this.runOnce()) === this.options.batchSize);
    } catch (err) {
      logger.error({ err }, 'search outbox relay failed');
    } finally {
      this.running = false;
    }
  }

  /** One batch; answers how many outbox rows it settled (0 when another process holds the relay). */
  runOnce(): Promise<number> {
    return this.db.transaction(async (m) => {
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK]);
      if (!locked) return 0;
      const claimed: { id: string; type: string; doc_id: string }[] = await m.query(
        `SELECT id, type, doc_id FROM search_outbox WHERE available_at <= now() ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (!claimed.length) return 0;
      const ids = claimed.map((c) => c.id);
      try {
        await this.send(m, claimed);
        await m.query(`DELETE FROM search_outbox WHERE id = ANY($1::bigint[])`, [ids]);
      } catch (err) {
        logger.warn({ err, rows: ids.length }, 'search outbox batch failed; retrying later');
        await m.query(
          `UPDATE search_outbox SET attempts = attempts + 1, available_at = now() + make_interval(secs => least(300, power(2, attempts + 1)))
            WHERE id = ANY($1::bigint[])`,
          [ids],
        );
      }
      return claimed.length;
    });
  }

  private async send(m: EntityManager, claimed: { type: string; doc_id: string }[]): Promise<void> {
    const unique = [...new Map(claimed.map((c) => [meiliKey(c.type, c.doc_id), c])).values()];
    const rows: MeiliSourceRow[] = await m.query(MEILI_SOURCE_SQL(`(d.type, d.id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))`), [
      unique.map((c) => c.type),
      unique.map((c) => c.doc_id),
    ]);
    const present = new Set(rows.map((r) => meiliKey(r.type, r.id)));
    const gone = unique.map((c) => meiliKey(c.type, c.doc_id)).filter((k) => !present.has(k));
    if (!this.indexReady) {
      // Creating an index that exists fails as a task, not as a request: either way it exists after.
      await this.client.createIndex(this.index, { primaryKey: 'key' }).waitTask();
      await configureIndex(this.client, this.index);
      this.indexReady = true;
    }
    const index = this.client.index(this.index);
    if (rows.length) await index.addDocuments(rows.map(toMeiliDocument), { primaryKey: 'key' });
    if (gone.length) await index.deleteDocuments(gone);
  }

  /**
   * Rebuilds the whole index into a new one and swaps it in, so searches keep answering from the
   * old index until the new one is complete. Outbox rows queued meanwhile are sent afterwards.
   */
  async reindex(batchSize = 1000): Promise<number> {
    const next = `${this.index}_${Date.now()}`;
    await this.client.createIndex(next, { primaryKey: 'key' }).waitTask();
    await configureIndex(this.client, next);
    let sent = 0;
    for (let after = ''; ; ) {
      const rows: MeiliSourceRow[] = await this.db.query(
        `${MEILI_SOURCE_SQL(`(d.type || '-' || d.id::text) > $1`)} ORDER BY d.type || '-' || d.id::text LIMIT $2`,
        [after, batchSize],
      );
      if (!rows.length) break;
      await this.client.index(next).addDocuments(rows.map(toMeiliDocument)).waitTask();
      sent += rows.length;
      after = meiliKey(rows[rows.length - 1].type, rows[rows.length - 1].id);
    }
    const exists = await this.client.getIndex(this.index).then(() => true, () => false);
    if (!exists) await this.client.createIndex(this.index, { primaryKey: 'key' }).waitTask();
    // No `rename` field: servers before v1.18 refuse it, and leaving it out means a plain swap everywhere.
    await this.client.swapIndexes([{ indexes: [this.index, next] } as IndexSwap]).waitTask();
    await this.client.deleteIndex(next).waitTask();
    return sent;
  }
}
