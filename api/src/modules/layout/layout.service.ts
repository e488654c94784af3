import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LayoutAnswer, Locale } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { prepared } from '../../core/database/prepared.js';
import { logger } from '../../core/logging/logger.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { BannerRow } from '../moderation/banner.sql.js';
import { CrisisService, toBanner } from '../moderation/crisis.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { LAYOUT_EXTRAS } from './layout.sql.js';

const EXTRAS = prepared(LAYOUT_EXTRAS);

type Extras = Omit<LayoutAnswer, 'user'>;

@Injectable()
export class LayoutService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly crisis: CrisisService,
  ) {}

  /** The frame of every page: who is signed in, their unread count, the banner in `locale`. */
  async frame(caller: AuthUser | undefined, locale: Locale): Promise<LayoutAnswer> {
    const [user, extras] = await Promise.all([caller ? this.accounts.me(caller) : null, this.extras(caller?.id ?? null, locale)]);
    return { user, ...extras };
  }

  /**
   * The count and the banner in one statement. They are extras: when that fails, each is read on
   * its own, so one that cannot be read costs neither the other (a crisis banner must not vanish
   * with a count) nor the page its person (a failed frame would sign people out of every page).
   */
  private async extras(userId: string | null, locale: Locale): Promise<Extras> {
    try {
      // The banner's columns are null when none is showing.
      const [row]: ({ unread: number } & Partial<BannerRow>)[] = await this.db.query(EXTRAS, [userId]);
      return { unreadNotifications: row.unread, banner: row.id ? toBanner(row as BannerRow, locale) : null };
    } catch (err) {
      logger.error({ err }, 'layout: the unread count and the banner could not be read together');
      const [unreadNotifications, banner] = await Promise.all([
        userId ? orElse(this.notifications.unreadCount(userId), 0, 'unread count') : 0,
        orElse(this.crisis.activeBanner(locale), null, 'banner'),
      ]);
      return { unreadNotifications, banner };
    }
  }
}

function orElse<T>(work: Promise<T>, fallback: T, what: string): Promise<T> {
  return work.catch((err: unknown) => {
    logger.error({ err }, `layout: the ${what} could not be read`);
    return fallback;
  });
}
