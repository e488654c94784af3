import { eventMaterialListSchema, eventMaterialSchema, feedbackFormViewSchema, feedbackSummarySchema } from '@sorstars/shared';
import { api } from './api.server';
import { eventDetailsSchema } from './events.server';

export { eventMaterialListSchema, eventMaterialSchema, feedbackFormViewSchema, feedbackSummarySchema };

/** The event, for a page only those who manage it may open: to anyone else it is not there. */
export async function managedEvent(request: Request, id: string, locale: string) {
  const result = await api(request, `/api/events/${encodeURIComponent(id)}`, { schema: eventDetailsSchema, locale });
  if (!result.ok || !result.data.canManage) throw new Response('Not found', { status: 404 });
  return result.data;
}

/** The event's materials, or none when they cannot be read. */
export async function eventMaterials(request: Request, id: string, locale: string) {
  const result = await api(request, `/api/events/${encodeURIComponent(id)}/materials`, { schema: eventMaterialListSchema, locale });
  return result.ok ? result.data.items : [];
}

/** The feedback form as the caller sees it (with a code, for people without an account), or null when there is none. */
export async function feedbackForm(request: Request, id: string, locale: string, code?: string | null) {
  const query = code ? `?${new URLSearchParams({ code })}` : '';
  const result = await api(request, `/api/events/${encodeURIComponent(id)}/feedback${query}`, { schema: feedbackFormViewSchema, locale });
  return result.ok ? result.data : null;
}
