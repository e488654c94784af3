import { data, redirect } from '@remix-run/node';
import type { TFunction } from 'i18next';
import { SUPPORTED_LOCALES, createResourceSchema, updateResourceSchema, type EditableResource, type ResourceDetails, type ResourceTranslation } from '@sorstars/shared';
import { api, type ApiFailure } from './api.server';
import { problemErrors, translatorFor, type FormErrors } from './forms.server';
import { resourceSchema } from './resources.server';
import { isoWithOffset, zonedToInstant } from '~/components/events/time';
import { COUNTRY_OF_LOCALE, COUNTRY_ZONES } from '~/components/resources/labels';
import { TRANSLATED_FIELDS, type ClosedRow, type HoursRow, type LocationValues, type ResourceFormValues, type TranslationValues } from '~/components/resources/ResourceForm';

/*
 * The resource editor without JavaScript: every location, opening-hours row and closed date is a
 * numbered group of fields (`loc-0-hours-1-opens`), and "add a row" / "remove" are submit buttons
 * whose `intent` changes the rows and shows the form again. Only `save` sends it to the API.
 */

const str = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
const count = (form: FormData, name: string, max: number) => Math.min(max, Math.max(0, Number.parseInt(str(form, name), 10) || 0));

export const emptyHours = (): HoursRow => ({ days: [], opens: '', closes: '' });
export const emptyClosed = (): ClosedRow => ({ from: '', to: '', note: '' });
export function emptyLocation(country: string): LocationValues {
  return {
    name: '',
    address: '',
    city: '',
    postalCode: '',
    region: '',
    country,
    lat: '',
    lng: '',
    confidential: false,
    accessibility: '',
    transport: '',
    timezone: '',
    hoursNote: '',
    hours: [emptyHours()],
    closed: [],
  };
}

/** Every locale's translation fields, empty where there is none (field names `tr-<locale>-<field>`). */
export function translationValues(from: Partial<Record<string, ResourceTranslation>> = {}): Record<string, TranslationValues> {
  return Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => [locale, Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, from[locale]?.[f] ?? ''])) as TranslationValues]),
  );
}
const readTranslations = (form: FormData) =>
  Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, str(form, `tr-${locale}-${f}`)])) as TranslationValues]));

export function readResourceForm(form: FormData): ResourceFormValues {
  const locations: LocationValues[] = [];
  for (let l = 0; l < count(form, 'locationCount', 20); l++) {
    const p = `loc-${l}-`;
    const hours: HoursRow[] = [];
    for (let h = 0; h < count(form, `${p}hoursCount`, 50); h++) {
      hours.push({ days: form.getAll(`${p}hours-${h}-days`).map(String), opens: str(form, `${p}hours-${h}-opens`), closes: str(form, `${p}hours-${h}-closes`) });
    }
    const closed: ClosedRow[] = [];
    for (let c = 0; c < count(form, `${p}closedCount`, 100); c++) {
      closed.push({ from: str(form, `${p}closed-${c}-from`), to: str(form, `${p}closed-${c}-to`), note: str(form, `${p}closed-${c}-note`) });
    }
    locations.push({
      name: str(form, `${p}name`),
      address: str(form, `${p}address`),
      city: str(form, `${p}city`),
      postalCode: str(form, `${p}postalCode`),
      region: str(form, `${p}region`),
      country: str(form, `${p}country`),
      lat: str(form, `${p}lat`),
      lng: str(form, `${p}lng`),
      confidential: form.get(`${p}confidential`) === 'true',
      accessibility: str(form, `${p}accessibility`),
      transport: str(form, `${p}transport`),
      timezone: str(form, `${p}timezone`),
      hoursNote: str(form, `${p}hoursNote`),
      hours,
      closed,
    });
  }
  return {
    organizationId: str(form, 'organizationId'),
    name: str(form, 'name'),
    description: str(form, 'description'),
    categories: form.getAll('categories').map(String),
    attributes: form.getAll('attributes').map(String),
    languages: form.getAll('languages').map(String),
    eligibility: str(form, 'eligibility'),
    applicationProcess: str(form, 'applicationProcess'),
    fees: str(form, 'fees'),
    free: form.get('free') === 'true',
    minimumAge: str(form, 'minimumAge'),
    maximumAge: str(form, 'maximumAge'),
    requiredDocuments: str(form, 'requiredDocuments'),
    url: str(form, 'url'),
    email: str(form, 'email'),
    phone: str(form, 'phone'),
    status: str(form, 'status') || 'active',
    alertText: str(form, 'alertText'),
    alertUntil: str(form, 'alertUntil'),
    capacityUnit: str(form, 'capacityUnit'),
    capacityAvailable: str(form, 'capacityAvailable'),
    capacityMaximum: str(form, 'capacityMaximum'),
    locationsLocked: form.get('locationsLocked') === 'true',
    locations,
    translations: readTranslations(form),
  };
}

/** Applies an "add a row" / "remove" button; returns null for `save`. */
export function applyRowIntent(values: ResourceFormValues, intent: string, defaultCountry: string): ResourceFormValues | null {
  const [action, l, row] = intent.split(':');
  const li = Number(l);
  const location = values.locations[li];
  switch (action) {
    case 'add-location':
      values.locations.push(emptyLocation(defaultCountry));
      return values;
    case 'remove-location':
      values.locations.splice(li, 1);
      return values;
    case 'add-hours':
      location?.hours.push(emptyHours());
      return values;
    case 'remove-hours':
      location?.hours.splice(Number(row), 1);
      return values;
    case 'add-closed':
      location?.closed.push(emptyClosed());
      return values;
    case 'remove-closed':
      location?.closed.splice(Number(row), 1);
      return values;
    default:
      return null;
  }
}

const text = (value: string) => (value.trim() === '' ? undefined : value);
const number = (value: string) => (value.trim() === '' ? undefined : Number(value.replace(',', '.')));
const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** An hours row nobody touched (the editor's blank one) is left out rather than refused. */
const blankHours = (row: HoursRow) => row.days.length === 0 && !row.opens && !row.closes;
const blankClosed = (row: ClosedRow) => !row.from && !row.to && !row.note;

/** The zone of the location: the one chosen, else the one its country keeps. */
export function locationZone(location: LocationValues): string {
  return location.timezone || COUNTRY_ZONES[location.country.toUpperCase()] || '';
}

export function resourceBody(values: ResourceFormValues, editing: boolean) {
  const firstZone = values.locations[0] ? locationZone(values.locations[0]) : 'UTC';
  const alertEnd = values.alertUntil ? zonedToInstant(values.alertUntil, '23:59', firstZone || 'UTC') : null;
  // Only what was filled in; an edit sends the whole set, so a cleared translation is removed.
  const translations = Object.fromEntries(
    Object.entries(values.translations ?? {}).flatMap(([locale, fields]) => {
      const filled = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
      return Object.keys(filled).length ? [[locale, filled]] : [];
    }),
  );
  return {
    ...(editing ? {} : { organizationId: values.organizationId }),
    name: values.name,
    description: values.description,
    ...(editing || Object.keys(translations).length ? { translations } : {}),
    categories: values.categories,
    attributes: values.attributes,
    languages: values.languages,
    eligibility: text(values.eligibility),
    applicationProcess: text(values.applicationProcess),
    fees: text(values.fees),
    free: values.free,
    minimumAge: number(values.minimumAge),
    maximumAge: number(values.maximumAge),
    requiredDocuments: lines(values.requiredDocuments),
    url: text(values.url),
    email: text(values.email),
    phone: text(values.phone),
    status: values.status,
    // Cleared fields must clear on the server too, so an edit sends null for "none".
    alert: values.alertText.trim() ? { text: values.alertText, until: alertEnd ? isoWithOffset(alertEnd, firstZone || 'UTC') : values.alertUntil } : editing ? null : undefined,
    capacity: values.capacityUnit.trim()
      ? { unit: values.capacityUnit, available: number(values.capacityAvailable), maximum: number(values.capacityMaximum) }
      : editing
        ? null
        : undefined,
    locations: values.locationsLocked ? undefined : values.locations.map((l) => ({
      name: text(l.name),
      address: l.address,
      city: l.city,
      postalCode: text(l.postalCode),
      region: text(l.region),
      country: l.country,
      lat: number(l.lat),
      lng: number(l.lng),
      confidential: l.confidential,
      accessibility: lines(l.accessibility),
      transport: text(l.transport),
      timezone: locationZone(l),
      hoursNote: text(l.hoursNote),
      // A time input cannot say 24:00: "00:00 to 00:00" is how the form says "all day".
      hours: l.hours.filter((row) => !blankHours(row)).map((row) => (row.opens === '00:00' && row.closes === '00:00' ? { ...row, closes: '24:00' } : row)),
      closed: l.closed.filter((row) => !blankClosed(row)),
    })),
  };
}

/** `locations.0.hours.1.closes` → the id of that input, `loc-0-hours-1-closes`. */
export function fieldIdOf(path: readonly PropertyKey[] | string): string {
  const parts = typeof path === 'string' ? path.split(/[./]/).filter(Boolean) : path.map(String);
  if (parts[0] === 'body') parts.shift();
  if (parts[0] === 'locations') parts[0] = 'loc';
  if (parts[0] === 'alert') return parts[1] === 'until' ? 'alertUntil' : 'alertText';
  if (parts[0] === 'capacity') return `capacity${(parts[1] ?? 'unit').replace(/^./, (c) => c.toUpperCase())}`;
  // A message about a whole list (categories, days) goes next to its first box.
  return parts.join('-');
}

interface Issue {
  path: PropertyKey[];
  message: string;
}

/** Checks with the shared schema the API uses; each message lands next to its own input. */
export function checkResource(body: unknown, editing: boolean, t: TFunction): FormErrors | null {
  const parsed = (editing ? updateResourceSchema : createResourceSchema).safeParse(body);
  if (parsed.success) return null;
  const fieldErrors: Record<string, string> = {};
  for (const issue of (parsed.error as { issues: Issue[] }).issues) {
    const key = issue.message.startsWith('validation.') ? issue.message : 'validation.invalidValue';
    fieldErrors[fieldIdOf(issue.path)] ??= t(key, { ns: 'errors' });
  }
  return { fieldErrors };
}

export function resourceProblemErrors(failure: ApiFailure, t: TFunction): FormErrors {
  const general = problemErrors(failure, t);
  const fieldErrors: Record<string, string> = {};
  for (const error of failure.problem.errors ?? []) fieldErrors[fieldIdOf(error.path)] ??= error.message;
  return { formError: general.formError, fieldErrors };
}

/**
 * The editor's fields for a resource: its texts as written (not the reader's translation) and its
 * places in full from the editor's own endpoint. A confidential place whose address the editor
 * may not see (a platform admin outside the organisation) keeps the places locked.
 */
export function valuesFromResource(resource: ResourceDetails, editable: EditableResource): ResourceFormValues {
  return {
    organizationId: resource.organization.id,
    name: editable.original.name,
    description: editable.original.description,
    translations: translationValues(editable.translations),
    categories: resource.categories,
    attributes: resource.attributes,
    languages: resource.languages,
    eligibility: editable.original.eligibility ?? '',
    applicationProcess: editable.original.applicationProcess ?? '',
    fees: editable.original.fees ?? '',
    free: resource.free,
    minimumAge: resource.minimumAge?.toString() ?? '',
    maximumAge: resource.maximumAge?.toString() ?? '',
    requiredDocuments: resource.requiredDocuments.join('\n'),
    url: resource.url ?? '',
    email: resource.email ?? '',
    phone: resource.phone ?? '',
    status: resource.status,
    alertText: resource.alert?.text ?? '',
    alertUntil: resource.alert ? resource.alert.until.slice(0, 10) : '',
    capacityUnit: resource.capacity?.unit ?? '',
    capacityAvailable: resource.capacity?.available.toString() ?? '',
    capacityMaximum: resource.capacity?.maximum?.toString() ?? '',
    locationsLocked: !editable.confidentialShown && editable.locations.some((l) => l.confidential),
    locations: editable.locations.map((l) => ({
      name: l.name ?? '',
      address: l.address ?? '',
      city: l.city,
      postalCode: l.postalCode ?? '',
      region: l.region ?? '',
      country: l.country,
      lat: l.lat?.toString() ?? '',
      lng: l.lng?.toString() ?? '',
      confidential: l.confidential ?? false,
      accessibility: (l.accessibility ?? []).join('\n'),
      transport: l.transport ?? '',
      timezone: l.timezone,
      hoursNote: l.hoursNote ?? '',
      hours: l.hours.map((h) => ({ days: [...h.days], opens: h.opens, closes: h.closes === '24:00' ? '00:00' : h.closes })),
      closed: (l.closed ?? []).map((c) => ({ from: c.from, to: c.to, note: c.note ?? '' })),
    })),
  };
}

export interface ResourceFormAnswer {
  values: ResourceFormValues;
  errors?: FormErrors;
}

/**
 * The editor's action, new or edit: row buttons redraw the form; `save` checks with the shared
 * schema, sends it, and goes to the resource's page.
 */
export async function submitResourceForm(request: Request, locale: string, target: { editId: string | null }) {
  const form = await request.formData();
  const values = readResourceForm(form);
  const editing = target.editId !== null;
  const changed = applyRowIntent(values, String(form.get('intent') ?? 'save'), COUNTRY_OF_LOCALE[locale] ?? 'HU');
  if (changed) return { values: changed } satisfies ResourceFormAnswer;
  const t = await translatorFor(locale);
  const body = resourceBody(values, editing);
  const errors = checkResource(body, editing, t);
  if (errors) return data({ values, errors } satisfies ResourceFormAnswer, { status: 400 });
  const result = editing
    ? await api(request, `/api/resources/${encodeURIComponent(target.editId ?? '')}`, { method: 'PATCH', body, schema: resourceSchema, locale })
    : await api(request, '/api/resources', { method: 'POST', body, schema: resourceSchema, locale });
  if (!result.ok) return data({ values, errors: resourceProblemErrors(result, t) } satisfies ResourceFormAnswer, { status: result.status });
  return redirect(`/resources/${result.data.id}?saved=1`);
}
