import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  NOTIFICATION_CATEGORIES,
  type NotificationCategory,
  type NotificationPreferences,
  type NotificationPreferencesInput,
  type SpaceNotificationLevel,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';

export const DEFAULT_QUIET_HOURS = { from: '22:00', to: '08:00' };

/** Safeguarding leads may need to hear of a worried report at night; nobody else turns quiet hours off. */
const mayDisableQuietHours = (u: AuthUser) => u.roles.includes('safeguarding') || u.roles.includes('admin');

interface PrefRow {
  channels: Partial<Record<NotificationCategory, { inApp: boolean; push: boolean; email?: boolean }>>;
  quiet_from: string;
  quiet_to: string;
  timezone: string | null;
  quiet_enabled: boolean;
  previews: boolean;
}

/** What each person decided: levels per space, channels per category, quiet hours, previews. */
@Injectable()
export class PreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(user: AuthUser): Promise<NotificationPreferences> {
    const [row]: PrefRow[] = await this.db.query(`SELECT channels, quiet_from, quiet_to, timezone, quiet_enabled, previews FROM notification_preferences WHERE user_id = $1`, [user.id]);
    const levels: { space_id: string; level: SpaceNotificationLevel }[] = await this.db.query(
      // Only spaces one still belongs to: a level for a space one left tells nothing.
      `SELECT l.space_id, l.level FROM notification_space_levels l JOIN space_members sm ON sm.space_id = l.space_id AND sm.user_id = l.user_id WHERE l.user_id = $1`,
      [user.id],
    );
    const channels = Object.fromEntries(
      NOTIFICATION_CATEGORIES.map((c) => [
        c,
        {
          inApp: row?.channels[c]?.inApp ?? true,
          push: row?.channels[c]?.push ?? true,
          // E-mail exists only where the server sends it, and is off until turned on.
          ...(this.config.email && { email: row?.channels[c]?.email ?? false }),
        },
      ]),
    ) as NotificationPreferences['channels'];
    return {
      spaces: Object.fromEntries(levels.map((l) => [l.space_id, l.level])),
      channels,
      quietHours: {
        from: row?.quiet_from ?? DEFAULT_QUIET_HOURS.from,
        to: row?.quiet_to ?? DEFAULT_QUIET_HOURS.to,
        timezone: row?.timezone ?? 'UTC',
        enabled: row?.quiet_enabled ?? true,
      },
      previews: row?.previews ?? false,
      mayDisableQuietHours: mayDisableQuietHours(user),
    };
  }

  async update(user: AuthUser, input: NotificationPreferencesInput): Promise<NotificationPreferences> {
    if (input.quietHours?.enabled === false && !mayDisableQuietHours(user)) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'quietHours.enabled', message: 'validation.invalidValue' }]);
    }
    const emailSwitch = Object.entries(input.channels ?? {}).find(([, v]) => v?.email !== undefined);
    if (emailSwitch && !this.config.email) throw new AppError('VALIDATION_FAILED', [{ path: `channels.${emailSwitch[0]}.email`, message: 'validation.unknownField' }]);
    const spaceIds = Object.keys(input.spaces ?? {});
    await this.db.transaction(async (m) => {
      if (spaceIds.length) {
        const member: { space_id: string }[] = await m.query(`SELECT space_id FROM space_members WHERE user_id = $1 AND space_id = ANY($2::uuid[])`, [user.id, spaceIds]);
        const known = new Set(member.map((r) => r.space_id));
        const stranger = spaceIds.find((id) => !known.has(id));
        if (stranger) throw new AppError('VALIDATION_FAILED', [{ path: `spaces.${stranger}`, message: 'validation.invalidValue' }]);
        await m.query(
          `INSERT INTO notification_space_levels (user_id, space_id, level) SELECT $1, s, l FROM unnest($2::uuid[], $3::text[]) AS x(s, l)
           ON CONFLICT (user_id, space_id) DO UPDATE SET level = excluded.level`,
          [user.id, spaceIds, spaceIds.map((id) => input.spaces![id])],
        );
      }
      await m.query(
        `INSERT INTO notification_preferences (user_id, channels, quiet_from, quiet_to, timezone, quiet_enabled, previews)
         VALUES ($1, coalesce($2::jsonb, '{}'), coalesce($3, '22:00'), coalesce($4, '08:00'), $5, coalesce($6, true), coalesce($7, false))
         ON CONFLICT (user_id) DO UPDATE SET
           -- Per category, switches left out stay as they were (a form without the e-mail column keeps e-mail's).
           channels = notification_preferences.channels || coalesce((SELECT jsonb_object_agg(x.key, coalesce(notification_preferences.channels -> x.key, '{}'::jsonb) || x.value)
                                                                       FROM jsonb_each($2::jsonb) AS x), '{}'::jsonb),
           quiet_from = coalesce($3, notification_preferences.quiet_from),
           quiet_to = coalesce($4, notification_preferences.quiet_to),
           timezone = coalesce($5, notification_preferences.timezone),
           quiet_enabled = coalesce($6, notification_preferences.quiet_enabled),
           previews = coalesce($7, notification_preferences.previews),
           updated_at = now()`,
        [
          user.id,
          input.channels ? JSON.stringify(input.channels) : null,
          input.quietHours?.from ?? null,
          input.quietHours?.to ?? null,
          input.quietHours?.timezone ?? null,
          input.quietHours?.enabled ?? null,
          input.previews ?? null,
        ],
      );
    });
    return this.get(user);
  }
}
