import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { unsafeTextReason } from '@sorstars/shared';
import { AppError } from '../errors/app-error.js';

/**
 * Every path segment a route reads (`:id`, `:idOrSlug`, …) passes the same text rule as every body
 * field before any handler sees it: a NUL or a lone surrogate in an id would otherwise reach
 * Postgres, which cannot store or compare it, and come back as a 500. No id or slug can hold such
 * characters, so the path names nothing: 404, as for any other unknown id. Registered as APP_GUARD,
 * so a route added later is covered without remembering to.
 */
@Injectable()
export class PathParamsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const params = context.switchToHttp().getRequest<Request>().params ?? {};
    const unreadable = Object.values(params).some((value) => typeof value === 'string' && unsafeTextReason(value) !== null);
    if (unreadable) throw new AppError('NOT_FOUND');
    return true;
  }
}
