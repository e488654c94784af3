import type { IncomingMessage, ServerResponse } from 'node:http';

/** See whole-answer-compression.js: express middleware (it uses express's `res.vary`). */
export function wholeAnswerCompression(options?: {
  threshold?: number;
  maxBytes?: number;
  brotliQuality?: number;
}): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
