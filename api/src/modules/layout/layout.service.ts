import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LayoutAnswer, Locale } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { prepared } from '../../core/database/prepared.js';
import { logger } from '../../core/logging/logger.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { BannerRow } from '../moderation/banner.sql.js';
import { toBanner } from '../moderation/crisis.service.js';
import { LAYOUT_EXTRAS } from './layout.sql.js';

const EXTRAS = prepared(LAYOUT_EXTRAS);

@Injectable()
export class LayoutService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
  ) {}

  /** The frame of every page: who is signed in, their unread count, the banner in `locale`. */
  async frame(caller: AuthUser | undefined, locale: Locale): Promise<LayoutAnswer> {
    const [user, extras] = await Promise.all([caller ? this.accounts.me(caller) : null, this.extras(caller?.id ?? null, locale)]);
    return { user, ...extras };
  }

  /**
   * The count and the banner are extras: when they cannot be read, the page still knows who is
   * signed in (a failed frame would sign people out of every page).
   */
  private async extras(userId: string | null, locale: Locale): Promise<Omit<LayoutAnswer, 'user'>> {
    try {
      // The banner's columns are null when none is showing.
      const [row]: ({ unread: number } & Partial<BannerRow>)[] = await this.db.query(EXTRAS, [userId]);
      return { unreadNotifications: row.unread, banner: row.id ? toBanner(row as BannerRow, locale) : null };
    } catch (err) {
      logger.error({ err }, 'layout: the unread count and the banner could not be read');
      return { unreadNotifications: 0, banner: null };
    }
  }
}
