import type { Request } from 'express';

/**
 * A read that rides in the same statement as a request's session lookup (issue 16). Every signed-in
 * page asks the API for its own data with its frame along (the unread count and the banner), and
 * that frame was a statement of its own beside the session's: one round trip more to Postgres on
 * every page, for a person the session lookup has just found. A module that wants such a read for
 * some requests registers one companion (SessionService.readAlongWithSession); the session lookup
 * then reads its columns for the person found, and keeps them on the request for that module.
 *
 * Only after the session has been found and only for its own person: a cookie that does not sign
 * anyone in reads nothing more. When the statement with the companion fails, the session is looked
 * up on its own (a broken extra must never sign people out) and the module reads as it did before.
 */
export interface SessionCompanion {
  /** Whether this request wants the companion's columns. */
  wanted(req: Request): boolean;
  /** A statement giving one row for the person whose id is the SQL expression `userId`; no parameters of its own. */
  sql(userId: string): string;
}

const KEPT = Symbol('sessionCompanionRow');

/** Keeps the companion's row on the request. */
export function keepCompanionRow(req: Request, row: Record<string, unknown>): void {
  (req as unknown as Record<symbol, unknown>)[KEPT] = row;
}

/** The companion's row read with this request's session, if it was. */
export function companionRowOf(req: Request): Record<string, unknown> | undefined {
  return (req as unknown as Record<symbol, Record<string, unknown> | undefined>)[KEPT];
}
