import { Inject, Injectable } from "@nestjs/common";
import { PeriodicSweep } from "../../core/scheduling/periodic-sweep.js";
import { timeSlices } from "../../core/scheduling/time-slices.js";
import { NotificationsService } from "../notifications/notifications.service.js";
import { EventsRepository } from "./events.repository.js";
import { DEFAULT_REMINDERS, about, occurrencesOf } from "./events.service.js";

export const REMINDER_SWEEP_MS = Symbol("REMINDER_SWEEP_MS");
const LONGEST_REMINDER_MS = 7 * 24 * 60 * 60_000;
/** Events one sweep looks at; the next sweep goes on after the last one, and wraps around. */
export const SWEEP_EVENT_LIMIT = 200;

/**
 * In-app reminders for people who are going, by default a day and an hour before. The state lives
 * in Postgres: each sweep sends every reminder whose time has come for an occurrence that has not
 * started, and the notification's unique dedupe key makes each one exactly once — whichever API
 * process sweeps, and however often it restarts.
 *
 * A sweep is bounded: one batch of events, each expanded over the next week only (rules are
 * bounded per period, see recurrence-rules.ts), with turns of the event loop for other requests
 * between short steps. More events than a batch wait for the following sweeps.
 */
@Injectable()
export class RemindersWorker extends PeriodicSweep<number> {
  /** Where the next sweep goes on: the last event id of this one, or null to start over. */
  private after: string | null = null;

  constructor(
    private readonly repo: EventsRepository,
    private readonly notifications: NotificationsService,
    @Inject(REMINDER_SWEEP_MS) everyMs: number
  ) {
    super(everyMs, "reminder sweep", 0);
  }

  /** Sends what is due now; answers how many new reminders went out. */
  async sweep(now = new Date()): Promise<number> {
    return this.once(async () => {
      const rows = await this.repo.withGoingBetween(
        now,
        new Date(now.getTime() + LONGEST_REMINDER_MS),
        this.after,
        SWEEP_EVENT_LIMIT
      );
      this.after =
        rows.length === SWEEP_EVENT_LIMIT ? rows[rows.length - 1].id : null;
      const exceptions = await this.repo.exceptions(rows.map((r) => r.id));
      let sent = 0;
      const pause = timeSlices();
      for (const row of rows) {
        await pause();
        for (const o of occurrencesOf(
          row,
          exceptions,
          now,
          new Date(now.getTime() + LONGEST_REMINDER_MS)
        )) {
          if (o.cancelled || o.startsAt <= now) continue;
          const going = await this.repo.goingUsers(row.id, o.occurrence);
          const prefs = await this.repo.reminderMinutes(going);
          for (const userId of going) {
            // Only the nearest reminder that is due: someone who says "going" half an hour before
            // gets one reminder, not the day-before one as well.
            const due = (prefs.get(userId) ?? DEFAULT_REMINDERS).filter(
              (m) => o.startsAt.getTime() - m * 60_000 <= now.getTime()
            );
            if (due.length) {
              const minutes = Math.min(...due);
              const dedupe = `reminder:${
                row.id
              }:${o.occurrence.toISOString()}:${minutes}`;
              const data = {
                eventId: row.id,
                title: row.title,
                occurrence: o.occurrence.toISOString(),
                startsAt: o.startsAt.toISOString(),
                timezone: row.timezone,
                minutesBefore: minutes,
              };
              if (
                await this.notifications.notify(
                  userId,
                  "event.reminder",
                  data,
                  dedupe,
                  undefined,
                  about(row)
                )
              )
                sent++;
            }
          }
        }
      }
      return sent;
    });
  }
}
