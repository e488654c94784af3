import { UUID_PATTERN } from '@sorstars/shared';
import { AppError } from '../errors/app-error.js';

/** Keyset cursor for lists in name order: opaque, and only what `encodeNameCursor` wrote decodes. */
export function encodeNameCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString('base64url');
}

export function decodeNameCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && UUID_PATTERN.test(id)) return { name, id };
  } catch {
    // falls through to the field error
  }
  throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'validation.invalidValue' }]);
}
