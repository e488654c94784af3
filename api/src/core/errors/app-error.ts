import type { ErrorCode, FieldError } from '@sorstars/shared';

/**
 * The one error type services throw. It carries a code from shared/ (translated at the edge by the
 * caller's locale), optional field errors, and optional extra headers such as Retry-After.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fieldErrors: FieldError[] = [],
    readonly options: { retryAfterSeconds?: number; retryAfterMs?: number; spaceHeld?: boolean; params?: Record<string, unknown> } = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
