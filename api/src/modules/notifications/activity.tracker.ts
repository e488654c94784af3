import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { logger } from '../../core/logging/logger.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Within this, a person's activity is already written: a busy person costs one write per half minute. */
const WRITE_EVERY_MS = 30_000;

/**
 * Remembers when each person last did something (any signed-in request or socket event), for the
 * rule "no push for someone active in the last two minutes". Cheap: each process writes a person's
 * time at most every 30 seconds, after the answer, and never delays or fails a request.
 */
@Injectable()
export class ActivityTracker implements NestInterceptor {
  private readonly written = new Map<string, number>();

  constructor(private readonly repo: NotificationsRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const userId =
      context.getType() === 'ws'
        ? (context.switchToWs().getClient() as { data?: { user?: { id?: string } } }).data?.user?.id
        : (context.switchToHttp().getRequest() as { user?: { id?: string } }).user?.id;
    if (userId) this.seen(userId);
    return next.handle();
  }

  seen(userId: string, now = Date.now()): void {
    const last = this.written.get(userId);
    if (last !== undefined && now - last < WRITE_EVERY_MS) return;
    this.written.set(userId, now);
    if (this.written.size > 50_000) this.written.clear();
    this.repo.touchActivity([userId]).catch((err) => logger.warn({ err }, 'activity not recorded'));
  }
}
