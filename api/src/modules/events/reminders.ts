import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logger } from '../../core/logging/logger.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EventsRepository } from './events.repository.js';
import { DEFAULT_REMINDERS, about, occurrencesOf } from './events.service.js';

export const REMINDER_SWEEP_MS = Symbol('REMINDER_SWEEP_MS');
const LONGEST_REMINDER_MS = 7 * 24 * 60 * 60_000;

/**
 * In-app reminders for people who are going, by default a day and an hour before. The state lives
 * in Postgres: each sweep sends every reminder whose time has come for an occurrence that has not
 * started, and the notification's unique dedupe key makes each one exactly once — whichever API
 * process sweeps, and however often it restarts.
 */
@Injectable()
export class RemindersWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly repo: EventsRepository,
    private readonly notifications: NotificationsService,
    @Inject(REMINDER_SWEEP_MS) private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Sends what is due now; answers how many new reminders went out. */
  async sweep(now = new Date()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const rows = await this.repo.withGoingBetween(now, new Date(now.getTime() + LONGEST_REMINDER_MS));
      const exceptions = await this.repo.exceptions(rows.map((r) => r.id));
      let sent = 0;
      for (const row of rows) {
        for (const o of occurrencesOf(row, exceptions, now, new Date(now.getTime() + LONGEST_REMINDER_MS))) {
          if (o.cancelled || o.startsAt <= now) continue;
          const going = await this.repo.goingUsers(row.id, o.occurrence);
          const prefs = await this.repo.reminderMinutes(going);
          for (const userId of going) {
            // Only the nearest reminder that is due: someone who says "going" half an hour before
            // gets one reminder, not the day-before one as well.
            const due = (prefs.get(userId) ?? DEFAULT_REMINDERS).filter((m) => o.startsAt.getTime() - m * 60_000 <= now.getTime());
            if (due.length) {
              const minutes = Math.min(...due);
              const dedupe = `reminder:${row.id}:${o.occurrence.toISOString()}:${minutes}`;
              const data = { eventId: row.id, title: row.title, occurrence: o.occurrence.toISOString(), startsAt: o.startsAt.toISOString(), timezone: row.timezone, minutesBefore: minutes };
              if (await this.notifications.notify(userId, 'event.reminder', data, dedupe, undefined, about(row))) sent++;
            }
          }
        }
      }
      return sent;
    } catch (err) {
      logger.error({ err }, 'reminder sweep failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
