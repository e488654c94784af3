import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { MATERIAL_MAX_BYTES } from '@sorstars/shared';
import { AppError } from '../../../core/errors/app-error.js';

/**
 * Reads one `file` part (at most MATERIAL_MAX_BYTES, kept in memory so its content can be checked
 * before anything touches the disk) and a few short text fields. Multer's errors become
 * problem+json naming the field, never a 500. Runs after the guards: an upload without a session,
 * or from another site, is refused before a byte of it is read.
 */
const receive = multer({
  storage: multer.memoryStorage(),
  // Browsers send a file's name as raw UTF-8; busboy would read it as Latin-1 ("fÃ¼r").
  defParamCharset: 'utf8',
  limits: { fileSize: MATERIAL_MAX_BYTES, files: 1, fields: 5, fieldSize: 2000, parts: 6, headerPairs: 50 },
}).single('file');

@Injectable()
export class MaterialUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler) {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    await new Promise<void>((resolve, reject) => {
      receive(req, http.getResponse<Response>(), (err: unknown) => (err ? reject(asProblem(err)) : resolve()));
    });
    return next.handle();
  }
}

function asProblem(err: unknown): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return new AppError('MATERIAL_TOO_LARGE', [{ path: 'file', message: 'validation.fileTooLarge' }]);
    return new AppError('VALIDATION_FAILED', [{ path: err.field || 'file', message: 'validation.invalidValue' }]);
  }
  // A body that is not well-formed multipart.
  return new AppError('VALIDATION_FAILED', [{ path: 'file', message: 'validation.invalidValue' }]);
}
