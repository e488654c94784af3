/*
 * The emergency banner's read, with no database or Nest dependency, so other statements (the page
 * frame's, layout.sql.ts) can include it and the query-plan test can EXPLAIN them.
 */

/** The emergency banner showing now, if any (the newest to start); no parameters. */
export const ACTIVE_BANNER = `SELECT id, message, url, starts_at, ends_at FROM emergency_banners WHERE starts_at <= now() AND ends_at > now() ORDER BY starts_at DESC LIMIT 1`;

export interface BannerRow {
  id: string;
  message: Record<string, string>;
  url: string | null;
  starts_at: Date;
  ends_at: Date;
}
