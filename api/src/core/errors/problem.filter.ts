import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorCode, ProblemDetails } from '@sorstars/shared';
import { translate } from '../i18n/i18n.js';
import { requestLocale } from '../i18n/request-locale.js';
import { logger } from '../logging/logger.js';
import { AppError } from './app-error.js';
import { statusFor } from './status.js';

/** Framework errors (unknown route, unparsable JSON, body too large) get codes of their own. */
function codeForHttpStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'INTERNAL';
  return 'VALIDATION_FAILED';
}

/**
 * Every error leaves the API as RFC 9457 problem+json, its message in the caller's language.
 * Anything unexpected is logged and answered as a calm 500 that leaks nothing.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const locale = requestLocale(req);

    let code: ErrorCode;
    let status: number;
    let error: AppError | null = null;
    if (exception instanceof AppError) {
      error = exception;
      code = exception.code;
      status = statusFor(code);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      code = codeForHttpStatus(status);
    } else {
      status = 500;
      code = 'INTERNAL';
    }
    if (status >= 500) logger.error({ err: exception, reqId: req.id }, 'unhandled error');

    const detail = translate(locale, 'errors', code, error?.options.params);
    const body: ProblemDetails = {
      type: `https://sorstars.org/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: code,
      status,
      detail,
      code,
    };
    if (error?.fieldErrors.length) {
      body.errors = error.fieldErrors.map((e) => ({ ...e, message: translate(locale, 'errors', e.message) }));
    } else if (exception instanceof HttpException && status < 500 && status !== 404) {
      // e.g. malformed JSON: say what the framework found, without internals.
      body.errors = [{ path: '(body)', message: translate(locale, 'errors', 'validation.invalidType') }];
    }
    // BUSY names its wait in milliseconds, for socket clients; Retry-After counts whole seconds.
    const retryAfter = error?.options.retryAfterSeconds ?? (error?.options.retryAfterMs ? Math.ceil(error.options.retryAfterMs / 1000) : undefined);
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).type('application/problem+json').json(body);
  }
}
