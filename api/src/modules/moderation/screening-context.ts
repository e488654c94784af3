import type { WatchedWordRow } from './moderation.repository.js';

/** What the screen of a change to a message reads about its space and its author. */
export interface ScreeningContext {
  slowModeSeconds: number;
  approveFirstMessages: boolean;
  mutedUntil: Date | null;
  words: WatchedWordRow[];
}

/** The columns `screeningColumnsSql` adds to a row. */
export interface ScreeningColumns {
  slow_mode_seconds: number;
  approve_first_messages: boolean;
  muted_until: Date | string | null;
  words: WatchedWordRow[] | string | null;
}

/**
 * The screening context as columns over space `s`, so it can ride on a statement that already reads
 * the space: a send asks for its access and its screening in one round trip. `author` and
 * `language` name the statement's parameters (a null language applies every word); without words
 * (a reaction needs only the mute) the column is null.
 */
export function screeningColumnsSql(author: string, opts: { language: string; withWords: string }): string {
  return `s.slow_mode_seconds, s.approve_first_messages,
    (SELECT max(mu.until) FROM space_mutes mu WHERE mu.space_id = s.id AND mu.user_id = ${author} AND mu.until > now()) AS muted_until,
    CASE WHEN ${opts.withWords}::boolean THEN coalesce(
      (SELECT json_agg(json_build_object('id', w.id, 'word', w.word, 'action', w.action, 'language', w.language, 'space_id', w.space_id))
         FROM watched_words w
        WHERE (w.space_id IS NULL OR w.space_id = s.id) AND (w.language IS NULL OR ${opts.language}::text IS NULL OR w.language = ${opts.language})),
      '[]'::json) END AS words`;
}

export function toScreeningContext(row: ScreeningColumns): ScreeningContext {
  // PGlite and pg both hand back json as parsed values; a timestamp from a subquery may be text.
  const words = typeof row.words === 'string' ? (JSON.parse(row.words) as WatchedWordRow[]) : (row.words ?? []);
  return {
    slowModeSeconds: row.slow_mode_seconds,
    approveFirstMessages: row.approve_first_messages,
    mutedUntil: row.muted_until ? new Date(row.muted_until) : null,
    words,
  };
}
