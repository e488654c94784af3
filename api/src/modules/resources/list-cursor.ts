import { UUID_PATTERN } from '@sorstars/shared';
import { AppError } from '../../core/errors/app-error.js';
import { decodeCursor, encodeCursor } from '../../core/pagination/cursor.js';

/**
 * The resource list's keyset cursor: (created_at, id) normally, (distance, id) with `near`. Only
 * what `encodeListCursor` wrote decodes; anything else is a field error.
 */
export function encodeListCursor(row: { created_at: Date; id: string; distance_km?: number | null }, near: boolean): string {
  return near ? Buffer.from(`d|${row.distance_km ?? 0}|${row.id}`).toString('base64url') : encodeCursor(row.created_at, row.id);
}

export function decodeListCursor(cursor: string, near: boolean): { at: string; id: string } | { distance: number; id: string } {
  if (!near) return decodeCursor(cursor);
  const [tag, distance, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = Number(distance);
  if (tag !== 'd' || !distance || !Number.isFinite(d) || d < 0 || !UUID_PATTERN.test(id ?? '')) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'validation.invalidValue' }]);
  }
  return { distance: d, id: id! };
}
