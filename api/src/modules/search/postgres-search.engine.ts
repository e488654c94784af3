import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { fold, prefixLength } from './query-words.js';
import { SEARCH_TYPE_MODULES, type SearchRow } from './search-types.js';
import type { SearchEngine, SearchPage, SearchRequest, SearchViewer } from './search.engine.js';
import { DATABASE_HANDLE, type DatabaseHandle } from '../../core/database/database.js';
import { OwnConnections } from '../../core/database/generic-plans.js';
import { SearchQueueIndexer } from './search-queue.js';
import { logger } from '../../core/logging/logger.js';

/**
 * Ranking cost grows with the number of matches, so only this many readable candidates are
 * ranked; a very common word still answers quickly (and the counts say "at least").
 */
export const CANDIDATE_CAP = 200;

/** Search's own connections to Postgres (each API process). */
const SEARCH_CONNECTIONS = 4;

/**
 * Of the candidates, the best this many by text rank are ranked again with trigram similarity
 * (costly: it reads the folded text); the rest keep their text-rank order after them. A fixed
 * window, not one that follows the offset, so pages never overlap or skip.
 */
export const RESCORE_WINDOW = 50;

/** Typo matches have no text rank to pre-sort by, so fewer of them are taken and all rescored. */
export const TYPO_CANDIDATE_CAP = RESCORE_WINDOW;

/**
 * At most this many words, of this many letters, are corrected by trigrams. A four-letter word
 * with a typo shares too few trigrams with the right one to be found.
 */
const MAX_TYPO_WORDS = 3;
/** A misspelt word is searched as the nearest this many words of search_words (CreateSearchWords). */
const TYPO_NEIGHBOURS = 5;
/** The nearest this many dictionary words are looked at for those neighbours (see `readable` below). */
const TYPO_CANDIDATE_WORDS = 20;
const MIN_TYPO_LENGTH = 5;
const MAX_TYPO_LENGTH = 24;

/** Text search configurations every query is parsed in: any language finds every language. */
const CONFIGS = ['hungarian', 'danish', 'finnish', 'english', 'simple'];

/**
 * Search in the database itself (search_documents, kept by triggers; messages a moment after their
 * send, search-queue.ts, and caught up before each search). A document matches when
 * a query word matches it in any language's stemmer, by a stem-like prefix, or (for typos) through
 * the nearest words of the search_words dictionary by trigram similarity. Readable candidates are capped — documents with every word first (an
 * index AND, cheap even for common words), then those with any — ranked by text rank, whether
 * every word matched and the reader's language, and the best of them again by similarity.
 *
 * Where the time goes (EXPLAIN ANALYZE, 100,000 documents): the GIN lookup is a few
 * milliseconds; what must stay small is everything done per matching row. So each permission
 * check is a correlated lookup of one row by primary key (a scalar subquery, which Postgres
 * never turns into a hash of the whole table), wide columns are read only for the rows a page
 * shows, similarity only for the rescore window, and the statement's generic plan is made once per
 * connection (core/database/generic-plans.ts).
 */
@Injectable()
export class PostgresSearchEngine implements SearchEngine, OnApplicationShutdown {
  readonly name = 'postgres' as const;

  /**
   * Search's own connections with generic plans (core/database/generic-plans.ts); on a real
   * Postgres only. The search statement is large (one policy subquery per type) and planning it
   * cost as much as running it — under load 25–45 ms against 2–6 ms of execution — and with
   * several statement shapes (one per number of words and filters) on every pooled connection, the
   * five custom plans each gets first were a good part of all runs. The words reach the plan only
   * through a materialised CTE, so a custom plan knew nothing more.
   */
  private readonly connections: OwnConnections;

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(DATABASE_HANDLE) database: DatabaseHandle,
    private readonly queue: SearchQueueIndexer,
  ) {
    this.connections = new OwnConnections(db, database, SEARCH_CONNECTIONS, 'sorstars-search');
  }

  /** Searches that run after the servers stop use the main pool. */
  onApplicationShutdown(): Promise<void> {
    return this.connections.close();
  }

  async search(viewer: SearchViewer, r: SearchRequest): Promise<SearchPage> {
    if (r.words.length === 0) return { rows: [], counts: {}, hasMore: false };
    // Messages are indexed a moment after their send: what was sent before this search is found.
    // Should that wait too long (a long transaction holds the queue) or fail, the search goes on
    // without the newest messages rather than failing.
    await this.queue.catchUp().catch((err: unknown) => logger.warn({ err }, 'search went on without indexing the newest messages'));
    // The words' stems first. The fallback — a stem-like prefix and dictionary neighbours, for typos and
    // inflections the stemmers miss — is costlier (a prefix of a common word reads every word it
    // starts) and noisier, so it runs only when the stems find less than a page.
    const text = await this.query(viewer, r, false);
    const found = Object.values(text.counts).reduce((a, b) => a + (b ?? 0), 0);
    if (found >= r.limit || !r.words.some((w) => fold(w).length >= 4)) return text;
    return this.query(viewer, r, true);
  }

  private async query(viewer: SearchViewer, r: SearchRequest, fallback: boolean): Promise<SearchPage> {
    const params: unknown[] = [viewer.userId, viewer.isAdmin, r.types, viewer.language];
    const add = (value: unknown) => `$${params.push(value)}`;

    const filters: string[] = [];
    if (r.language) filters.push(`d.language = ${add(r.language)}::text`);
    if (r.spaceId) filters.push(`d.space_id = ${add(r.spaceId)}::uuid`);
    if (r.from) filters.push(`d.created_at >= ${add(r.from)}::timestamptz`);
    if (r.to) filters.push(`d.created_at < ${add(r.to)}::timestamptz`);
    const viewerSql = { id: '$1::uuid', isAdmin: '$2::boolean' };
    filters.push(`CASE d.type ${SEARCH_TYPE_MODULES.map((m) => `WHEN '${m.type}' THEN ${m.readableSql('d', viewerSql)}`).join(' ')} ELSE false END`);

    let typoWords = 0;
    const typoLookups: string[] = [];
    const perWord = r.words.map((word) => {
      const w = add(word);
      const folded = fold(word);
      const alternatives = CONFIGS.map((c) => `plainto_tsquery('${c}', search_fold(${w}::text))`);
      // Letters and digits only (query-words.ts), so the quoted prefix cannot carry tsquery syntax.
      if (fallback && folded.length >= 4) alternatives.push(`to_tsquery('simple', ${add(`'${folded.slice(0, prefixLength(folded.length))}':*`)}::text)`);
      // A typo: the nearest dictionary words, searched in every language like the word itself (their
      // " or "-joined list is made once, in the typos CTE). A few words of a typable length.
      const typo = fallback && folded.length >= MIN_TYPO_LENGTH && folded.length <= MAX_TYPO_LENGTH && typoWords < MAX_TYPO_WORDS;
      if (typo) {
        const n = `t.n${typoWords++}`;
        // Only words of documents this reader may read (and the request's filters let through) stand
        // in for the typo: a word only unreadable documents hold would otherwise take a readable
        // word's place among the nearest, and what is found or not would tell that it exists. (Of the
        // nearest TYPO_CANDIDATE_WORDS: a reader could at most tell that 20 unreadable words lie nearer.)
        const readable = `EXISTS (SELECT 1 FROM search_documents d
            WHERE d.tsv @@ (${CONFIGS.map((c) => `plainto_tsquery('${c}', n.word)`).join(' || ')}) AND ${filters.join(' AND ')})`;
        typoLookups.push(`(SELECT coalesce(string_agg(s.word, ' or '), search_fold(${w}::text)) FROM (
            SELECT n.word FROM (
              SELECT word, similarity(word, search_fold(${w}::text)) AS sim FROM search_words WHERE word % search_fold(${w}::text)
               ORDER BY sim DESC, word LIMIT ${TYPO_CANDIDATE_WORDS}) n
             WHERE ${readable}
             ORDER BY n.sim DESC, n.word LIMIT ${TYPO_NEIGHBOURS}) s) AS ${n.slice(2)}`);
        alternatives.push(...CONFIGS.map((c) => `websearch_to_tsquery('${c}', ${n})`));
      }
      return { text: `(${alternatives.join(' || ')})` };
    });
    const phrase = add(r.words.join(' '));

    const cap = fallback ? TYPO_CANDIDATE_CAP : CANDIDATE_CAP;
    const similarity = `(SELECT word_similarity(q.phrase, left(s.folded, 2000)) FROM search_documents s WHERE s.type = r.type AND s.id = r.id)`;
    const offset = add(r.offset);
    const limit = add(r.limit + 1);
    const sql = `WITH t AS MATERIALIZED (SELECT ${typoLookups.length ? typoLookups.join(', ') : 'NULL AS none'}),
       q AS MATERIALIZED (
         SELECT ${perWord.map((p) => p.text).join(' || ')} AS any_word, ${perWord.map((p) => p.text).join(' && ')} AS every_word,
                search_fold(${phrase}::text) AS phrase FROM t),
       every AS MATERIALIZED (
         SELECT d.type, d.id, d.created_at,
                ts_rank(d.tsv, q.any_word) + CASE WHEN d.tsv @@ q.every_word THEN 1 ELSE 0 END
                  + CASE WHEN d.language = $4::text THEN 0.5 ELSE 0 END AS rank
           FROM q, search_documents d
          WHERE d.tsv @@ q.every_word AND ${filters.join(' AND ')}
          LIMIT ${cap}),
       cand AS MATERIALIZED (
         SELECT * FROM every
         ${r.words.length > 1 || fallback ? `UNION ALL (
         SELECT d.type, d.id, d.created_at,
                ts_rank(d.tsv, q.any_word) + CASE WHEN d.tsv @@ q.every_word THEN 1 ELSE 0 END
                  + CASE WHEN d.language = $4::text THEN 0.5 ELSE 0 END AS rank
           FROM q, search_documents d
          WHERE d.tsv @@ q.any_word AND NOT (d.tsv @@ q.every_word) AND ${filters.join(' AND ')}
          LIMIT (SELECT ${cap} - count(*) FROM every))` : ''}),
       ranked AS (
         SELECT c.*, row_number() OVER (ORDER BY c.rank DESC, c.created_at DESC, c.id) AS pos
           FROM cand c WHERE c.type = ANY($3::text[])),
       scored AS (
         SELECT r.*, CASE WHEN r.pos <= ${RESCORE_WINDOW} THEN r.rank + ${similarity} END AS score
           FROM q, ranked r),
       page AS MATERIALIZED (
         SELECT type, id, score, pos FROM scored
          ORDER BY pos > ${RESCORE_WINDOW}, score DESC, pos
          OFFSET ${offset}::int LIMIT ${limit}::int)
       SELECT (SELECT coalesce(json_object_agg(type, n), '{}') FROM (SELECT type, count(*)::int AS n FROM cand GROUP BY type) x) AS counts,
              (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                 SELECT row_number() OVER (ORDER BY p.pos > ${RESCORE_WINDOW}, p.score DESC, p.pos) AS n,
                        d.type, d.id, d.space_id, d.parent_id, d.language, d.title, left(d.body, 20000) AS body, d.notes, d.created_at,
                        sp.slug AS space_slug, sp.name AS space_name, st.title AS story_title
                   FROM page p JOIN search_documents d ON d.type = p.type AND d.id = p.id
                   LEFT JOIN spaces sp ON sp.id = d.space_id LEFT JOIN stories st ON st.id = d.parent_id) x) AS rows`;
    type Result = { counts: SearchPage['counts']; rows: SearchRow[] };
    const [result] = await this.connections.query<Result>(sql, params);
    const rows = result.rows;
    return { rows: rows.slice(0, r.limit), counts: result.counts, hasMore: rows.length > r.limit };
  }
}
