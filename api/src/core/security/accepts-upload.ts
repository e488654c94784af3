import { SetMetadata } from '@nestjs/common';

export const ACCEPTS_UPLOAD = 'sorstars:accepts-upload';

/**
 * A route that takes a file as `multipart/form-data`. The request-origin guard lets its multipart
 * body through; the cross-site check still applies, so another site cannot post a file in a
 * visitor's name. Any other body is still refused.
 */
export const AcceptsUpload = () => SetMetadata(ACCEPTS_UPLOAD, true);

export const isMultipart = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
