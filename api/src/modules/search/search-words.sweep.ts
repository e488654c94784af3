import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { PeriodicSweep } from '../../core/scheduling/periodic-sweep.js';

export const SEARCH_WORDS_SWEEP_MS = Symbol('SEARCH_WORDS_SWEEP_MS');
/**
 * Dictionary words one sweep checks. A word still in use costs a trigram-index lookup of the
 * documents holding it (about 13 ms for a word in 6,000 of 100,000 documents); a word no document
 * holds any more is a short lookup.
 */
export const WORDS_PER_SWEEP = 200;

/** Prunes the given words from search_words where no document holds them (migration PruneSearchWords). */
export async function pruneSearchWords(db: DataSource | EntityManager, words: readonly string[]): Promise<number> {
  let pruned = 0;
  for (let i = 0; i < words.length; i += WORDS_PER_SWEEP) {
    const [{ n }] = await db.query(`SELECT search_words_prune($1::text[]) AS n`, [words.slice(i, i + WORDS_PER_SWEEP)]);
    pruned += n;
  }
  return pruned;
}

/**
 * The typo dictionary (search_words) keeps only words some document still holds: words of deleted,
 * erased or re-edited content would otherwise stay for ever and, as a typo's nearest words, could
 * stand in for words the reader may see. Each sweep checks the next batch of words in order and
 * wraps around, so every word is checked once per (dictionary size / WORDS_PER_SWEEP) sweeps.
 */
@Injectable()
export class SearchWordsSweep extends PeriodicSweep<{ checked: number; pruned: number }> {
  /** Where the next sweep goes on: the last word of this one ('' to start over). */
  private after = '';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SEARCH_WORDS_SWEEP_MS) everyMs: number,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(everyMs, 'search words sweep', { checked: 0, pruned: 0 }, config.backgroundJobs);
  }

  sweep(): Promise<{ checked: number; pruned: number }> {
    return this.once(async () => {
      const rows: { word: string }[] = await this.db.query(`SELECT word FROM search_words WHERE word > $1 ORDER BY word LIMIT $2`, [this.after, WORDS_PER_SWEEP]);
      this.after = rows.length === WORDS_PER_SWEEP ? rows[rows.length - 1].word : '';
      const words = rows.map((r) => r.word);
      return { checked: words.length, pruned: await pruneSearchWords(this.db, words) };
    });
  }

  /** Every word at once, batch by batch (tests, and a CLI repair). */
  async sweepAll(): Promise<{ checked: number; pruned: number }> {
    const total = { checked: 0, pruned: 0 };
    this.after = '';
    do {
      const { checked, pruned } = await this.sweep();
      total.checked += checked;
      total.pruned += pruned;
      if (checked === 0) break;
    } while (this.after !== '');
    return total;
  }
}
