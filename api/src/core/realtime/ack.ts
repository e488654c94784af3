import type { z } from 'zod';
import type { Ack, ErrorCode } from '@sorstars/shared';
import { AppError } from '../errors/app-error.js';
import { translate } from '../i18n/i18n.js';
import { logger } from '../logging/logger.js';
import { fieldErrorsFrom } from '../validation/zod.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';

/**
 * Runs one Socket.IO event: validates the payload with its shared schema, calls the service, and
 * answers `{ ok: true, ... }` or `{ ok: false, error, message }` — never throws at the client.
 */
export async function answer<S extends z.ZodType, T extends object>(
  user: AuthUser,
  schema: S,
  payload: unknown,
  work: (input: z.output<S>) => Promise<T>,
): Promise<Ack<T>> {
  try {
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', fieldErrorsFrom(parsed.error));
    return { ok: true, ...(await work(parsed.data)) };
  } catch (err) {
    const code: ErrorCode = err instanceof AppError ? err.code : 'INTERNAL';
    if (code === 'INTERNAL') logger.error({ err }, 'socket event failed');
    const error = err instanceof AppError ? err : null;
    return {
      ok: false,
      error: code,
      message: translate(user.locale, 'errors', code, error?.options.params),
      ...(error?.options.retryAfterSeconds && { retryAfter: error.options.retryAfterSeconds }),
      ...(error?.options.retryAfterMs && { retryAfterMs: error.options.retryAfterMs }),
      ...(error?.options.spaceHeld && { spaceHeld: true }),
      ...(error?.fieldErrors.length && {
        errors: error.fieldErrors.map((e) => ({ ...e, message: translate(user.locale, 'errors', e.message) })),
      }),
    };
  }
}
