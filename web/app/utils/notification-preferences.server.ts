import { z } from 'zod';
import { NOTIFICATION_CATEGORIES, SPACE_NOTIFICATION_LEVELS } from '@sorstars/shared';

const switches = z.object({ inApp: z.boolean(), push: z.boolean(), email: z.boolean().optional() });

/** The API's answer to GET/PUT /api/notifications/preferences. */
export const preferencesSchema = z.object({
  spaces: z.record(z.string(), z.enum(SPACE_NOTIFICATION_LEVELS)),
  channels: z.object(Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, switches])) as Record<(typeof NOTIFICATION_CATEGORIES)[number], typeof switches>),
  quietHours: z.object({ from: z.string(), to: z.string(), timezone: z.string(), enabled: z.boolean() }),
  previews: z.boolean(),
  mayDisableQuietHours: z.boolean(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/**
 * The settings form as the PUT body: every box is sent, so an unticked one is a "no". The e-mail
 * column is read only when the form had it (`emailColumn`); otherwise e-mail's switches stay as they were.
 */
export function preferencesFromForm(form: FormData, mayDisableQuietHours: boolean) {
  const email = form.get('emailColumn') === '1';
  const channels = Object.fromEntries(
    NOTIFICATION_CATEGORIES.map((c) => [
      c,
      { inApp: form.get(`${c}.inApp`) === 'on', push: form.get(`${c}.push`) === 'on', ...(email && { email: form.get(`${c}.email`) === 'on' }) },
    ]),
  );
  return {
    channels,
    previews: form.get('previews') === 'on',
    quietHours: {
      from: String(form.get('quietFrom') ?? ''),
      to: String(form.get('quietTo') ?? ''),
      timezone: String(form.get('timezone') ?? ''),
      ...(mayDisableQuietHours && { enabled: form.get('quietEnabled') === 'on' }),
    },
  };
}
