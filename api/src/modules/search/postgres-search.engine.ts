import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SEARCH_TYPES } from '@sorstars/shared';
import { fold, prefixLength } from './query-words.js';
import { SEARCH_TYPE_MODULES, type SearchRow } from './search-types.js';
import type { SearchEngine, SearchPage, SearchRequest, SearchViewer } from './search.engine.js';

/**
 * Ranking cost grows with the number of matches, so only this many readable candidates are
 * ranked; a very common word still answers quickly (and the counts say "at least").
 */
export const CANDIDATE_CAP = 1000;

/** Text search configurations every query is parsed in: any language finds every language. */
const CONFIGS = ['hungarian', 'danish', 'finnish', 'english', 'simple'];

/**
 * Search in the database itself (search_documents, kept by triggers). A document matches when
 * a query word matches it in any language's stemmer, by a stem-like prefix, or (for typos) by
 * trigram word similarity; readable candidates are capped, then ranked by text rank, whether
 * every word matched, similarity and the reader's language.
 */
@Injectable()
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(viewer: SearchViewer, r: SearchRequest): Promise<SearchPage> {
    if (r.words.length === 0) return { rows: [], counts: {}, hasMore: false };
    // Text matches first; the trigram fallback (typos, missed inflections) is costlier and noisier,
    // so it runs only when the words themselves find less than a page.
    const text = await this.query(viewer, r, false);
    const found = Object.values(text.counts).reduce((a, b) => a + (b ?? 0), 0);
    if (found >= r.limit || !r.words.some((w) => fold(w).length >= 4)) return text;
    return this.query(viewer, r, true);
  }

  private async query(viewer: SearchViewer, r: SearchRequest, typos: boolean): Promise<SearchPage> {
    const params: unknown[] = [viewer.userId, viewer.isAdmin, r.types, viewer.language];
    const add = (value: unknown) => `$${params.push(value)}`;

    const perWord = r.words.map((word) => {
      const w = add(word);
      const folded = fold(word);
      const alternatives = CONFIGS.map((c) => `plainto_tsquery('${c}', search_fold(${w}))`);
      // Letters and digits only (query-words.ts), so the quoted prefix cannot carry tsquery syntax.
      if (folded.length >= 4) alternatives.push(`to_tsquery('simple', ${add(`'${folded.slice(0, prefixLength(folded.length))}':*`)})`);
      return { text: `(${alternatives.join(' || ')})`, typo: folded.length >= 4 ? `search_fold(${w}) <% d.folded` : null };
    });
    const phrase = add(r.words.join(' '));

    const match = [`d.tsv @@ q.any_word`, ...(typos ? perWord.flatMap((p) => (p.typo ? [p.typo] : [])) : [])];
    const where = [`(${match.join(' OR ')})`];
    if (r.language) where.push(`d.language = ${add(r.language)}`);
    if (r.spaceId) where.push(`d.space_id = ${add(r.spaceId)}::uuid`);
    if (r.from) where.push(`d.created_at >= ${add(r.from)}::timestamptz`);
    if (r.to) where.push(`d.created_at < ${add(r.to)}::timestamptz`);
    const viewerSql = { id: '$1::uuid', isAdmin: '$2::boolean' };
    where.push(`CASE d.type ${SEARCH_TYPE_MODULES.map((m) => `WHEN '${m.type}' THEN ${m.readableSql('d', viewerSql)}`).join(' ')} ELSE false END`);

    const score = `ts_rank(c.tsv, q.any_word) + CASE WHEN c.tsv @@ q.every_word THEN 1 ELSE 0 END
      + word_similarity(q.phrase, left(c.folded, 2000))
      + CASE WHEN c.language = $4 THEN 0.5 ELSE 0 END`;
    const offset = add(r.offset);
    const limit = add(r.limit + 1);
    const [result] = await this.db.query(
      `WITH q AS MATERIALIZED (
         SELECT ${perWord.map((p) => p.text).join(' || ')} AS any_word, ${perWord.map((p) => p.text).join(' && ')} AS every_word,
                search_fold(${phrase}) AS phrase),
       cand AS MATERIALIZED (
         SELECT d.type, d.id, d.space_id, d.parent_id, d.language, d.title, d.body, d.notes, d.created_at, d.tsv, d.folded
           FROM q, search_documents d
          WHERE d.type = ANY('{${SEARCH_TYPES.join(',')}}'::text[]) AND ${where.join(' AND ')}
          LIMIT ${CANDIDATE_CAP}),
       page AS (
         SELECT c.type, c.id, c.space_id, c.parent_id, c.language, c.title, left(c.body, 20000) AS body, c.notes, c.created_at,
                sp.slug AS space_slug, sp.name AS space_name, st.title AS story_title, ${score} AS score
           FROM q, cand c LEFT JOIN spaces sp ON sp.id = c.space_id LEFT JOIN stories st ON st.id = c.parent_id
          WHERE c.type = ANY($3::text[])
          ORDER BY score DESC, c.created_at DESC, c.id
          OFFSET ${offset} LIMIT ${limit})
       SELECT (SELECT coalesce(json_object_agg(type, n), '{}') FROM (SELECT type, count(*)::int AS n FROM cand GROUP BY type) x) AS counts,
              (SELECT coalesce(json_agg(p ORDER BY p.score DESC, p.created_at DESC, p.id), '[]') FROM page p) AS rows`,
      params,
    );
    const rows = result.rows as (SearchRow & { score: number })[];
    return { rows: rows.slice(0, r.limit), counts: result.counts, hasMore: rows.length > r.limit };
  }
}
