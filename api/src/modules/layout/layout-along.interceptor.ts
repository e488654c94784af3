import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { LAYOUT_ALONG_REQUEST_HEADER, LAYOUT_ALONG_RESPONSE_HEADER, LAYOUT_ALONG_MAX_BYTES } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { credentialsChecked } from '../../core/auth/guards.js';
import { companionRowOf } from '../../core/auth/session-companion.js';
import { requestLocale } from '../../core/i18n/request-locale.js';
import { LayoutService } from './layout.service.js';

/**
 * The page frame (GET /api/layout's answer) carried along with a page's own data; its extras read
 * with the caller's session when they were (LayoutService registers that read). Every web page
 * asked the API twice, for its data and for its frame; a GET that says `X-Include-Layout: 1` now
 * also gets the frame, read beside the answer, in the `X-Layout` header: one HTTP request and one
 * session lookup fewer per page.
 *
 * Only where a credential guard has run, so the frame's person is exactly the caller this answer
 * was given to, and only on success. Otherwise, or when the frame would not fit a header, the
 * answer goes without it and the web asks GET /api/layout as before.
 */
@Injectable()
export class LayoutAlongInterceptor implements NestInterceptor {
  constructor(private readonly frames: LayoutService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method !== 'GET' || req.headers[LAYOUT_ALONG_REQUEST_HEADER] !== '1' || !credentialsChecked(req)) return next.handle();

    // Read at once, beside the answer; a frame that fails is simply not carried.
    const frame = this.frames
      .frame(req.user as AuthUser | undefined, requestLocale(req), companionRowOf(req))
      .then((answer) => Buffer.from(JSON.stringify(answer)).toString('base64'))
      .catch(() => null);
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const encoded = await frame;
        if (encoded !== null && encoded.length <= LAYOUT_ALONG_MAX_BYTES && !res.headersSent) res.setHeader(LAYOUT_ALONG_RESPONSE_HEADER, encoded);
        return body;
      }),
    );
  }
}
