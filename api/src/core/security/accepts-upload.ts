import { SetMetadata } from '@nestjs/common';

export const ACCEPTS_UPLOAD = 'sorstars:accepts-upload';

/**
 * A route that takes a file as `multipart/form-data`. The request-origin guard lets its multipart
 * body through; the cross-site check still applies, so another site cannot post a file in a
 * visitor's name. Any other body is still refused.
 */
export const AcceptsUpload = () => SetMetadata(ACCEPTS_UPLOAD, true);

export const isMultipart = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';

export const ACCEPTS_ONE_CLICK = 'sorstars:accepts-one-click';

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click` as a form,
 * with no cookie. The route authenticates by a token in its URL alone, so a form body is let through.
 */
export const AcceptsOneClick = () => SetMetadata(ACCEPTS_ONE_CLICK, true);

export const isUrlEncodedForm = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
