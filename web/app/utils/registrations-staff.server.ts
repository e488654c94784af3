import { api } from './api.server';
import { requireUser } from './session.server';
import { resolveLocale } from './i18n.server';
import { eventDetailsSchema } from './events.server';
import { registrationSettingsAnswer } from './registrations.server';

/**
 * The staff pages' common start: the signed-in person, the event, and its registration settings
 * (null when not set up yet). Anyone the API does not let see the registrations gets a 404.
 */
export async function staffEvent(request: Request, id: string) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const [event, settings] = await Promise.all([
    api(request, `/api/events/${encodeURIComponent(id)}`, { schema: eventDetailsSchema, locale }),
    api(request, `/api/events/${encodeURIComponent(id)}/registration-settings`, { schema: registrationSettingsAnswer, locale }),
  ]);
  if (!event.ok || event.data.kind !== 'multiplier' || !event.data.organizationId) throw new Response('Not found', { status: 404 });
  // Set up: only staff get the partner organisations back. Not set up: the event's managers may set it up.
  const isStaff = settings.ok ? settings.data.partnerOrganisations !== null : event.data.canManage;
  if (!isStaff) throw new Response('Not found', { status: 404 });
  return { user, locale, event: event.data, settings: settings.ok ? settings.data : null };
}
