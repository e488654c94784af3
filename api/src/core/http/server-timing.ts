import type { NextFunction, Request, Response } from 'express';
import onHeaders from 'on-headers';

/**
 * `Server-Timing: app;dur=<ms>` on every answer: how long the API took from receiving the request
 * to sending its headers. The speed targets in the issues are server-side, so the benchmarks read
 * this beside the time they measure themselves (which adds the client and its share of the CPU);
 * browsers show it in their network panel too. The figure is no secret: a client can time the
 * same answer itself.
 */
export function serverTiming(_req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  onHeaders(res, function (this: Response) {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.setHeader('Server-Timing', `app;dur=${ms.toFixed(1)}`);
  });
  next();
}
