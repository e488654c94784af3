import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { FirstStep, HomeAnswer } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { FIRST_STEP_DONE, type FirstStepDone } from './first-steps.events.js';
import { HomeRepository } from './home.repository.js';
import { HOME_UNREAD_CAP } from './home.sql.js';
import { NotificationsService } from '../notifications/notifications.service.js';

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/**
 * A signed-in person's home, in one answer: their spaces with unread counts, the next events they
 * are going to, stories to read, their newest notifications and the first steps of a new account.
 * Every section is one query filtered by the policy predicates, so it holds only what they may
 * read at this moment; the sections go to Postgres together, as one statement.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly repo: HomeRepository,
    private readonly notificationsService: NotificationsService,
  ) {}

  async home(user: AuthUser): Promise<HomeAnswer> {
    const { spaces, events, stories, notifications, unread_notifications: unread, ...steps } = await this.repo.home(user.id);
    const firstSteps: { step: FirstStep; done: boolean }[] = [
      { step: 'joinSpace', done: steps.joined_space },
      { step: 'contentNotes', done: steps.content_notes },
      { step: 'recoveryCodes', done: steps.recovery_codes },
    ];
    return {
      spaces: { items: spaces.map((s) => ({ id: s.id, slug: s.slug, name: s.name, role: s.role, unread: s.unread })), unreadCap: HOME_UNREAD_CAP },
      events: {
        items: events.map((e) => ({
          id: e.id,
          title: e.title,
          occurrence: iso(e.occurrence),
          startsAt: iso(e.starts_at),
          endsAt: iso(e.ends_at),
          timezone: e.timezone,
          allDay: e.all_day,
          locationName: e.location_name,
          space: e.space_slug && e.space_name ? { slug: e.space_slug, name: e.space_name } : null,
        })),
      },
      stories: {
        items: stories.map((s) => ({
          id: s.id,
          title: s.title,
          visibility: s.visibility,
          language: s.language,
          contentWarnings: s.content_warnings,
          author: s.author_username ? { username: s.author_username, displayName: s.author_display_name } : null,
          space: s.space_slug && s.space_name ? { slug: s.space_slug, name: s.space_name } : null,
          publishedAt: iso(s.published_at),
        })),
      },
      notifications: {
        unread,
        items: (await this.notificationsService.withDigestSpaces(user.id, notifications)).map((n) => ({ ...n, createdAt: iso(n.createdAt), readAt: n.readAt ? iso(n.readAt) : null })),
      },
      firstSteps: { items: firstSteps, allDone: firstSteps.every((s) => s.done) },
    };
  }

  /** The person says they have kept their recovery codes safe (the codes page's "Continue"). */
  async recoveryCodesKept(user: AuthUser): Promise<void> {
    await this.repo.recordStep(user.id, 'recovery_codes');
  }

  /** Steps done elsewhere (content notes saved, codes renewed), stored before that answer goes out. */
  @OnEvent(FIRST_STEP_DONE)
  async onStepDone(event: FirstStepDone): Promise<void> {
    await this.repo.recordStep(event.userId, event.step);
  }
}
