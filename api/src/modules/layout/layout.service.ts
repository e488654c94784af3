import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LAYOUT_ALONG_REQUEST_HEADER, type LayoutAnswer, type Locale } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { SessionService } from '../../core/auth/session.service.js';
import { prepared } from '../../core/database/prepared.js';
import { logger } from '../../core/logging/logger.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { BannerRow } from '../moderation/banner.sql.js';
import { CrisisService, toBanner } from '../moderation/crisis.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { LAYOUT_EXTRAS, layoutExtrasSql } from './layout.sql.js';

const EXTRAS = prepared(LAYOUT_EXTRAS);

/** GET /api/layout's path (layout.controller.ts). */
const LAYOUT_PATH = '/api/layout';

type Extras = Omit<LayoutAnswer, 'user'>;

@Injectable()
export class LayoutService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly crisis: CrisisService,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Asks the session lookup of every GET that wants the frame (GET /api/layout, and any GET that
   * wants its frame along) to read the frame's extras in the same statement
   * (session-companion.ts): one round trip fewer on every signed-in page.
   */
  onModuleInit(): void {
    this.sessions.readAlongWithSession({
      wanted: (req) => req.method === 'GET' && (req.headers[LAYOUT_ALONG_REQUEST_HEADER] === '1' || req.path === LAYOUT_PATH),
      sql: layoutExtrasSql,
    });
  }

  /**
   * The frame of every page: who is signed in, their unread count, the banner in `locale`. `read`:
   * the extras' row already read with the caller's session, if it was.
   */
  async frame(caller: AuthUser | undefined, locale: Locale, read?: Record<string, unknown>): Promise<LayoutAnswer> {
    const [user, extras] = await Promise.all([caller ? this.accounts.me(caller) : null, read ? extrasOf(read as unknown as ExtrasRow, locale) : this.extras(caller?.id ?? null, locale)]);
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
      const [row]: ExtrasRow[] = await this.db.query(EXTRAS, [userId]);
      return extrasOf(row, locale);
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

/** The extras' row: the count, and the banner's columns (null when none is showing; as JSON text when read with the session). */
type ExtrasRow = { unread: number } & { [K in keyof BannerRow]?: BannerRow[K] | string | null };

function extrasOf(row: ExtrasRow, locale: Locale): Extras {
  const banner = row.id ? toBanner({ ...(row as BannerRow), starts_at: new Date(row.starts_at as Date | string), ends_at: new Date(row.ends_at as Date | string) }, locale) : null;
  return { unreadNotifications: row.unread, banner };
}

function orElse<T>(work: Promise<T>, fallback: T, what: string): Promise<T> {
  return work.catch((err: unknown) => {
    logger.error({ err }, `layout: the ${what} could not be read`);
    return fallback;
  });
}
