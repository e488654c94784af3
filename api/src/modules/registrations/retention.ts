import { Inject, Injectable } from "@nestjs/common";
import { APP_CONFIG, type AppConfig } from "../../core/config/config.js";
import { logger } from "../../core/logging/logger.js";
import { PeriodicSweep } from "../../core/scheduling/periodic-sweep.js";
import { NotificationsService } from "../notifications/notifications.service.js";
import { OrganizationsService } from "../organizations/organizations.service.js";
import { RegistrationsRepository } from "./registrations.repository.js";

export const RETENTION_SWEEP_MS = Symbol("RETENTION_SWEEP_MS");
/** The organisation's admins hear this many days before the records go. */
export const RETENTION_REMINDER_DAYS = 30;
/** Events reminded per sweep; the rest wait for the next sweep. */
const REMINDERS_PER_SWEEP = 200;

/**
 * Deletes an event's registrations on their retention day (the settings row goes, and its
 * registrations with it by cascade), and tells the organisation's admins about 30 days before.
 * The state is in Postgres: the day reminded is stored and the notification has a dedupe key, so
 * any number of API processes sweeping give each admin one reminder per retention day.
 */
@Injectable()
export class RetentionWorker extends PeriodicSweep<{
  deleted: number;
  reminded: number;
}> {
  constructor(
    private readonly repo: RegistrationsRepository,
    private readonly notifications: NotificationsService,
    private readonly organizations: OrganizationsService,
    @Inject(RETENTION_SWEEP_MS) everyMs: number,
    @Inject(APP_CONFIG) config: AppConfig
  ) {
    super(
      everyMs,
      "registration retention sweep",
      { deleted: 0, reminded: 0 },
      config.backgroundJobs
    );
  }

  async sweep(
    now = new Date()
  ): Promise<{ deleted: number; reminded: number }> {
    return this.once(async () => {
      const day = now.toISOString().slice(0, 10);
      const deleted = await this.repo.deleteExpired(day);
      if (deleted.length)
        logger.info(
          { events: deleted.length },
          "deleted event registrations at their retention date"
        );
      let reminded = 0;
      for (const s of await this.repo.dueForReminder(
        day,
        RETENTION_REMINDER_DAYS,
        REMINDERS_PER_SWEEP
      )) {
        const admins = s.organization_id
          ? await this.organizations.adminIds(s.organization_id)
          : [];
        const data = {
          eventId: s.event_id,
          title: s.title,
          retentionUntil: s.retention_until,
        };
        for (const userId of admins) {
          if (
            await this.notifications.notify(
              userId,
              "event.registrations_retention",
              data,
              `registrations-retention:${s.event_id}:${s.retention_until}`
            )
          )
            reminded++;
        }
        await this.repo.markReminded(s.event_id, s.retention_until);
      }
      return { deleted: deleted.length, reminded };
    });
  }
}
