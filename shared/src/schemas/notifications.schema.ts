import { z } from 'zod';
import { NOTIFICATION_CATEGORIES, SPACE_NOTIFICATION_LEVELS } from '../notifications.js';
import { isIanaTimeZone } from '../time-zones.js';

const clock = z.string({ error: 'validation.invalidType' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'validation.time' });
const channelSwitches = z.strictObject({
  inApp: z.boolean({ error: 'validation.invalidType' }),
  push: z.boolean({ error: 'validation.invalidType' }),
  /** Only where the server sends e-mail (SMTP_URL); elsewhere it is refused. */
  email: z.boolean({ error: 'validation.invalidType' }).optional(),
});

export const quietHoursSchema = z.strictObject({
  from: clock,
  to: clock,
  timezone: z.string({ error: 'validation.invalidType' }).max(64).refine(isIanaTimeZone, { error: 'validation.timezone' }),
  /** Only safeguarding leads may turn quiet hours off; for everyone else the server keeps them on. */
  enabled: z.boolean({ error: 'validation.invalidType' }).optional(),
}).refine((q) => q.from !== q.to, { error: 'validation.invalidValue', path: ['to'] });

/** What `PUT /api/notifications/preferences` takes; everything left out stays as it was. */
export const notificationPreferencesInput = z.strictObject({
  spaces: z
    .record(z.uuid({ error: 'validation.uuid' }), z.enum(SPACE_NOTIFICATION_LEVELS, { error: 'validation.invalidValue' }))
    .refine((r) => Object.keys(r).length <= 200, { error: 'validation.tooBig' })
    .optional(),
  channels: z.partialRecord(z.enum(NOTIFICATION_CATEGORIES, { error: 'validation.invalidValue' }), channelSwitches).optional(),
  quietHours: quietHoursSchema.optional(),
  previews: z.boolean({ error: 'validation.invalidType' }).optional(),
});
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesInput>;

export interface NotificationPreferences {
  /** Only spaces the person set themselves; the rest follow the default ("mentions", or "all" for a conversation of two). */
  spaces: Record<string, (typeof SPACE_NOTIFICATION_LEVELS)[number]>;
  /** `email` is there only where the server sends e-mail; it is off until the person turns it on. */
  channels: Record<(typeof NOTIFICATION_CATEGORIES)[number], { inApp: boolean; push: boolean; email?: boolean }>;
  quietHours: { from: string; to: string; timezone: string; enabled: boolean };
  previews: boolean;
  /** Whether this person may turn quiet hours off (safeguarding leads). */
  mayDisableQuietHours: boolean;
}

/** `PUT /api/notifications/email`: the one address a person may add for notifications. */
export const notificationEmailInput = z.strictObject({
  address: z.string({ error: 'validation.invalidType' }).trim().max(254, { error: 'validation.tooBig' }).pipe(z.email({ error: 'validation.email' })),
});
export type NotificationEmailInput = z.infer<typeof notificationEmailInput>;

/** `POST /api/notifications/email/verify`: the token from the confirmation link. */
export const notificationEmailVerifyInput = z.strictObject({
  token: z.string({ error: 'validation.invalidType' }).min(16, { error: 'validation.invalidValue' }).max(100, { error: 'validation.invalidValue' }),
});

/** `GET /api/notifications/email`: the person's own address (never shown to anyone else). */
export interface NotificationEmail {
  address: string | null;
  verified: boolean;
  /** The mail server refused it repeatedly; nothing is sent until it is added again. */
  failing: boolean;
  verificationSentAt: string | null;
}
