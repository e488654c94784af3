import type { TFunction } from 'i18next';
import { EVENT_FORMATS, EVENT_KINDS, PRACTICALITIES, createEventSchema, type EventDetails, type Practicality } from '@sorstars/shared';
import type { ApiFailure } from './api.server';
import { problemErrors, type FormErrors } from './forms.server';
import { readRichText } from './stories.server';
import { addDays, isValidZone, isoWithOffset, localDate, localTime, weekdayIndex, zonedToInstant } from '~/components/events/time';
import type { EventFormValues, RepeatChoice } from '~/components/events/EventForm';

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const TEXT_FIELDS = [
  'title',
  'kind',
  'format',
  'description',
  'date',
  'startTime',
  'endTime',
  'timezone',
  'repeat',
  'customRule',
  'until',
  'count',
  'locationName',
  'locationAddress',
  'locationUrl',
  'accessibility',
  'interpreters',
  'capacity',
  'space',
  'organization',
] as const;

/** API field paths → the form field that shows the message. */
const FIELD_FOR: Record<string, string> = {
  startsAt: 'startTime',
  endsAt: 'endTime',
  rrule: 'repeat',
  'location.name': 'locationName',
  'location.address': 'locationAddress',
  'location.url': 'locationUrl',
  'location.accessibility': 'accessibility',
  name: 'locationName',
  address: 'locationAddress',
  url: 'locationUrl',
  spaceId: 'space',
  organizationId: 'organization',
  timezone: 'timezone',
};
const FORM_FIELDS = new Set<string>([...TEXT_FIELDS, 'practicalities', 'allDay']);

function fieldOf(path: string): string | null {
  if (FIELD_FOR[path]) return FIELD_FOR[path];
  const first = path.split(/[.[/]/).filter(Boolean)[0] ?? '';
  if (FIELD_FOR[first]) return FIELD_FOR[first];
  return FORM_FIELDS.has(first) ? first : null;
}

export function readEventForm(formData: FormData): EventFormValues & { descriptionDoc: unknown } {
  const values: Record<string, string> = {};
  for (const name of TEXT_FIELDS) {
    const value = formData.get(name);
    values[name] = typeof value === 'string' ? value : '';
  }
  const practicalities = formData.getAll('practicalities').filter((p): p is Practicality => typeof p === 'string' && (PRACTICALITIES as readonly string[]).includes(p));
  const descriptionDoc = readRichText(formData, 'descriptionJson', 'description');
  return { ...(values as Omit<EventFormValues, 'allDay' | 'practicalities' | 'repeat'>), repeat: values.repeat as RepeatChoice, allDay: formData.get('allDay') === 'on', practicalities, descriptionDoc };
}

function hasText(doc: unknown): boolean {
  const walk = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    const n = node as { text?: unknown; content?: unknown };
    if (typeof n.text === 'string' && n.text.trim()) return true;
    return Array.isArray(n.content) && n.content.some(walk);
  };
  return walk(doc);
}

const EMPTY_DOC = { type: 'doc', content: [{ type: 'paragraph' }] };

/** The repeat rule for the chosen pattern, anchored on the first date's weekday. */
export function buildRrule(values: EventFormValues, errors: Record<string, string>, t: TFunction): string | null {
  if (values.repeat === 'custom') return values.customRule || null;
  if (values.repeat !== 'weekly' && values.repeat !== 'biweekly' && values.repeat !== 'monthly') return null;
  const weekday = BYDAY[weekdayIndex(values.date)];
  let rule: string;
  if (values.repeat === 'monthly') {
    const nth = Math.ceil(Number(values.date.slice(8)) / 7);
    // A fifth weekday is not in every month: "the last" is what people mean.
    rule = `FREQ=MONTHLY;BYDAY=${nth >= 5 ? -1 : nth}${weekday}`;
  } else {
    rule = values.repeat === 'biweekly' ? `FREQ=WEEKLY;INTERVAL=2;BYDAY=${weekday}` : `FREQ=WEEKLY;BYDAY=${weekday}`;
  }
  const until = values.until.trim();
  const count = values.count.trim();
  if (until && count) {
    errors.count = t('form.errors.untilOrCount', { ns: 'events' });
    return null;
  }
  if (until) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) errors.until = t('form.errors.date', { ns: 'events' });
    else if (until < values.date) errors.until = t('form.errors.untilBeforeStart', { ns: 'events' });
    // Recurrence runs in local wall-clock time, so the end of that local day is meant.
    else rule += `;UNTIL=${until.replace(/-/g, '')}T235959Z`;
  } else if (count) {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 500) errors.count = t('form.errors.count', { ns: 'events' });
    else rule += `;COUNT=${n}`;
  }
  return rule;
}

function normaliseUrl(input: string): string {
  const value = input.trim();
  if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value) || /\s/.test(value)) return value;
  return `https://${value}`;
}

/**
 * The API body for a create (or, without spaceId, an update), or the messages to show next to
 * each field. Local date and times are read in the chosen zone and sent as instants with offset.
 */
export function eventBody(
  values: EventFormValues & { descriptionDoc: unknown },
  t: TFunction,
  options: { forUpdate: boolean },
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FormErrors } {
  const fieldErrors: Record<string, string> = {};
  const zone = isValidZone(values.timezone) ? values.timezone : null;
  if (!zone) fieldErrors.timezone = t('validation.timezone', { ns: 'errors' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) fieldErrors.date = t('form.errors.date', { ns: 'events' });
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (zone && !fieldErrors.date) {
    if (values.allDay) {
      startsAt = zonedToInstant(values.date, '00:00', zone);
      endsAt = zonedToInstant(addDays(values.date, 1), '00:00', zone);
    } else {
      startsAt = zonedToInstant(values.date, values.startTime, zone);
      endsAt = zonedToInstant(values.date, values.endTime, zone);
      if (!startsAt) fieldErrors.startTime = t('form.errors.time', { ns: 'events' });
      if (!endsAt) fieldErrors.endTime = t('form.errors.time', { ns: 'events' });
      else if (startsAt && endsAt <= startsAt) fieldErrors.endTime = t('validation.endBeforeStart', { ns: 'errors' });
    }
  }
  const rrule = values.date && !fieldErrors.date ? buildRrule(values, fieldErrors, t) : null;
  const capacityText = values.capacity.trim();
  const capacity = capacityText ? Number(capacityText) : null;
  if (capacityText && (!Number.isInteger(capacity) || (capacity ?? 0) < 1)) fieldErrors.capacity = t('validation.capacity', { ns: 'errors' });

  const location: Record<string, string> = {};
  if (values.locationName.trim()) location.name = values.locationName.trim();
  if (values.locationAddress.trim()) location.address = values.locationAddress.trim();
  if (values.locationUrl.trim()) location.url = normaliseUrl(values.locationUrl);
  if (values.accessibility.trim()) location.accessibility = values.accessibility.trim();
  const interpreters = values.interpreters
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const described = hasText(values.descriptionDoc);

  const body: Record<string, unknown> = {
    title: values.title.trim(),
    kind: values.kind,
    format: (EVENT_FORMATS as readonly string[]).includes(values.format) ? values.format : 'in_person',
    startsAt: startsAt && zone ? isoWithOffset(startsAt, zone) : '',
    endsAt: endsAt && zone ? isoWithOffset(endsAt, zone) : '',
    timezone: zone ?? values.timezone,
    allDay: values.allDay,
    practicalities: values.practicalities,
    interpreters,
  };
  if (options.forUpdate) {
    body.description = described ? values.descriptionDoc : EMPTY_DOC;
    body.rrule = rrule;
    body.location = location;
    body.capacity = capacity;
    if (values.space === 'public' && values.organization) body.organizationId = values.organization;
  } else {
    if (described) body.description = values.descriptionDoc;
    if (rrule) body.rrule = rrule;
    if (Object.keys(location).length > 0) body.location = location;
    if (capacity !== null) body.capacity = capacity;
    if (values.space && values.space !== 'public') body.spaceId = values.space;
    // A public event is always posted for one of the person's organisations.
    else if (values.space === 'public') {
      if (values.organization) body.organizationId = values.organization;
      else fieldErrors.organization = t('form.errors.organization', { ns: 'events' });
    }
  }
  if (!(EVENT_KINDS as readonly string[]).includes(values.kind)) fieldErrors.kind = t('validation.eventKind', { ns: 'errors' });

  // The same shared schema the API uses, for the rest (title length, link form, …).
  const schema = options.forUpdate ? createEventSchema.omit({ spaceId: true }).partial() : createEventSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path.map(String).join('.'));
      if (!field || fieldErrors[field]) continue;
      const key = issue.message.startsWith('validation.') ? issue.message : 'validation.invalidValue';
      fieldErrors[field] = t(key, { ns: 'errors' });
    }
  }
  if (options.forUpdate === false && !values.space) fieldErrors.space = t('form.errors.space', { ns: 'events' });
  if (Object.keys(fieldErrors).length > 0) return { ok: false, errors: { fieldErrors } };
  return { ok: true, body };
}

/** API problems, with each message next to the form field it is about. */
export function eventProblemErrors(failure: ApiFailure, t: TFunction): FormErrors {
  const errors = problemErrors(failure, t);
  const fieldErrors: Record<string, string> = {};
  for (const error of failure.problem.errors ?? []) {
    const field = fieldOf(error.path.replace(/^\/|^body\./, '').replace(/\//g, '.'));
    if (field) fieldErrors[field] ??= error.message;
  }
  return { formError: errors.formError, fieldErrors };
}

function parseRepeat(rrule: string | null): Pick<EventFormValues, 'repeat' | 'until' | 'count' | 'customRule'> {
  if (!rrule) return { repeat: 'none', until: '', count: '', customRule: '' };
  const parts = new Map(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const until = parts.get('UNTIL');
  const count = parts.get('COUNT') ?? '';
  const untilDate = until && /^\d{8}/.test(until) ? `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` : '';
  const freq = parts.get('FREQ');
  const interval = parts.get('INTERVAL') ?? '1';
  const byday = parts.get('BYDAY') ?? '';
  const known = [...parts.keys()].every((k) => ['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL', 'COUNT', 'WKST'].includes(k));
  if (known && freq === 'WEEKLY' && /^[A-Z]{2}$/.test(byday) && (interval === '1' || interval === '2')) {
    return { repeat: interval === '2' ? 'biweekly' : 'weekly', until: untilDate, count, customRule: '' };
  }
  if (known && freq === 'MONTHLY' && /^-?[1-5][A-Z]{2}$/.test(byday) && interval === '1') return { repeat: 'monthly', until: untilDate, count, customRule: '' };
  return { repeat: 'custom', until: '', count: '', customRule: rrule };
}

/** The form's fields for an existing event, in its own zone. */
export function valuesFromEvent(event: EventDetails, text: string): EventFormValues {
  const zone = event.timezone;
  return {
    title: event.title,
    kind: event.kind,
    format: event.format,
    description: text,
    date: localDate(event.startsAt, zone),
    startTime: localTime(event.startsAt, zone),
    endTime: localTime(event.endsAt, zone),
    timezone: zone,
    allDay: event.allDay,
    ...parseRepeat(event.rrule),
    locationName: event.location.name ?? '',
    locationAddress: event.location.address ?? '',
    locationUrl: event.location.url ?? '',
    accessibility: event.location.accessibility ?? '',
    practicalities: event.practicalities,
    interpreters: event.interpreters.join(', '),
    capacity: event.capacity === null ? '' : String(event.capacity),
    space: event.spaceId ?? 'public',
    organization: event.organizationId ?? '',
  };
}
