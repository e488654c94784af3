import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { ACCEPTS_ONE_CLICK, ACCEPTS_UPLOAD, isMultipart, isUrlEncodedForm } from './accepts-upload.js';
import { isCrossSite, refusesBody } from './request-origin.js';

/**
 * Runs before every route's own guards (registered as APP_GUARD): a state-changing request carries
 * JSON or nothing (415 otherwise) and does not come from another site (403), so no other site can
 * make a visitor's browser sign in, post or delete on their behalf.
 */
@Injectable()
export class RequestOriginGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // Socket.IO checks its handshake's origin itself; this guard is about HTTP.
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const facts = { method: req.method, headers: req.headers, host: req.host };
    if (isCrossSite(facts, this.config.corsOrigin)) throw new AppError('CROSS_SITE_REQUEST');
    const upload = isMultipart(req.headers['content-type']) && this.reflector.get<boolean>(ACCEPTS_UPLOAD, context.getHandler()) === true;
    const oneClick = isUrlEncodedForm(req.headers['content-type']) && this.reflector.get<boolean>(ACCEPTS_ONE_CLICK, context.getHandler()) === true;
    if (!upload && !oneClick && refusesBody(facts)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    return true;
  }
}
