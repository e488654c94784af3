import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ENDED_CONVERSATION_DAYS } from '@sorstars/shared';
import { logger } from '../../core/logging/logger.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { MatchConversations } from './match-conversations.js';
import { REQUEST_TTL_MS } from './mentoring.policy.js';
import { MentoringRepository } from './mentoring.repository.js';
import { CHECK_IN_EVERY_MS } from './mentoring.service.js';

export const MENTORING_SWEEP_MS = Symbol('MENTORING_SWEEP_MS');
/** Rows one sweep handles per kind of work; more wait for the next sweep. */
const BATCH = 100;

/**
 * The time-driven part of mentoring, all state in Postgres so any API process may sweep:
 * requests unanswered for 14 days expire, check-ins go to both sides privately (4 weeks after the
 * start, then every 12 weeks; the dedupe key makes each one exactly once), and an ended match's
 * conversation is deleted after 30 days unless both chose to keep it.
 */
@Injectable()
export class MentoringWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly repo: MentoringRepository,
    private readonly notifications: NotificationsService,
    @Inject(MENTORING_SWEEP_MS) private readonly everyMs: number,
    private readonly conversations: MatchConversations,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.sweep().catch((err) => logger.error({ err }, 'mentoring sweep failed')), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const r of await this.repo.expireRequests(new Date(now.getTime() - REQUEST_TTL_MS), BATCH)) {
        for (const to of [r.mentor_id, r.mentee_id]) await this.notifications.notify(to, 'mentoring.expired', { matchId: r.id }, `mentoring:${r.id}:expired`);
      }
      for (const r of await this.repo.dueCheckIns(now, CHECK_IN_EVERY_MS, BATCH)) {
        for (const to of [r.mentor_id, r.mentee_id]) {
          await this.notifications.notify(to, 'mentoring.check_in', { matchId: r.id }, `mentoring:${r.id}:check-in:${r.check_ins_sent}`);
        }
      }
      const keepUntil = new Date(now.getTime() - ENDED_CONVERSATION_DAYS * 24 * 60 * 60_000);
      for (const r of await this.repo.conversationsToDelete(keepUntil, BATCH)) {
        if (r.conversation_id) await this.conversations.remove(r.conversation_id);
        await this.repo.markConversationDeleted(r.id);
      }
    } finally {
      this.running = false;
    }
  }
}
