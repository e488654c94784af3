import { Inject, Injectable, type CanActivate, type ExecutionContext, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import { RateLimiter } from '../../core/rate-limit/rate-limiter.js';

/**
 * The HSDS API is public data for other directories' tools, read from any origin: these routes
 * (and only these) answer `Access-Control-Allow-Origin: *`, errors included. No credentials are
 * allowed cross-origin, so a page elsewhere can never act as a signed-in member here.
 */
@Injectable()
export class HsdsCorsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // Open data, read again and again by other tools: they may keep it, and ask with its ETag
    // whether it changed (a 304 instead of the whole page). Not an import's report.
    if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Cache-Control', 'no-cache');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.setHeader('Access-Control-Max-Age', '86400');
      res.status(204).end();
      return;
    }
    next();
  }
}

/** Requests per address per window, counted in Postgres so every API process shares the count. */
@Injectable()
export class HsdsRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const { perIp, windowSeconds } = this.config.hsdsLimit;
    const state = await this.limiter.consume(`hsds:ip:${req.ip ?? 'unknown'}`, perIp, windowSeconds);
    if (state.limited) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: state.retryAfterSeconds });
    return true;
  }
}
