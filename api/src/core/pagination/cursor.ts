import { isSaneTime, UUID_PATTERN } from '@sorstars/shared';
import { AppError } from '../errors/app-error.js';

/**
 * Keyset cursors for lists ordered by a time and then an id: opaque to clients, and decoded only
 * when they are exactly what `encodeCursor` wrote and name a time Postgres can read (JavaScript
 * writes `+275760-…` and `0000-…` that Postgres refuses), so a hand-made one is a 422, never a 500.
 */
export interface CursorPosition {
  at: string;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const time = at ? new Date(at) : null;
  if (!time || !isSaneTime(time) || time.toISOString() !== at || !UUID_PATTERN.test(id ?? '')) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'validation.invalidValue' }]);
  }
  return { at, id };
}
