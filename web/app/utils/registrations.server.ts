import { z } from 'zod';
import { COUNTRY_CODES, ORGANISATION_TYPES, type EventReport, type MyRegistration, type Registration, type RegistrationSettings } from '@sorstars/shared';
import type { Parser } from './api.server';

/* The API's registration answers, checked before a page uses them. */
const participant = {
  fullName: z.string(),
  organisation: z.string(),
  organisationAddress: z.string(),
  country: z.enum(COUNTRY_CODES),
  organisationType: z.enum(ORGANISATION_TYPES),
  role: z.string(),
};

export const registrationSettingsAnswer: Parser<RegistrationSettings> = z.object({
  eventId: z.string(),
  open: z.boolean(),
  consentText: z.string(),
  retentionUntil: z.string(),
  partnerOrganisations: z.array(z.string()).nullable(),
});

export const myRegistrationAnswer: Parser<MyRegistration> = z.object({
  ...participant,
  eventId: z.string(),
  eventTitle: z.string(),
  startsAt: z.string(),
  timezone: z.string(),
  retentionUntil: z.string(),
  createdAt: z.string(),
});

export const registeredAnswer: Parser<{ token: string }> = z.object({ token: z.string() });

const registration = z.object({
  ...participant,
  id: z.string(),
  eventId: z.string(),
  source: z.enum(['form', 'walk_in', 'import']),
  external: z.boolean(),
  checkedInAt: z.string().nullable(),
  createdAt: z.string(),
});
export const registrationAnswer: Parser<Registration> = registration;
export const registrationPageAnswer: Parser<{ items: Registration[]; nextCursor: string | null }> = z.object({ items: z.array(registration), nextCursor: z.string().nullable() });

const countRow = z.object({ key: z.string(), registered: z.number(), attended: z.number() });
export const eventReportAnswer: Parser<EventReport> = z.object({
  eventId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  place: z.string().nullable(),
  organisation: z.string().nullable(),
  registered: z.number(),
  attended: z.number(),
  external: z.object({ registered: z.number(), attended: z.number() }),
  externalByCountry: z.array(countRow),
  externalByOrganisationType: z.array(countRow),
  partnerOrganisations: z.array(z.string()),
  retentionUntil: z.string(),
});

export const importAnswer: Parser<{ imported: number }> = z.object({ imported: z.number() });

/** The participant fields of a submitted form, as the shared schemas expect them. */
export function participantFromForm(form: FormData) {
  const get = (name: string) => String(form.get(name) ?? '');
  return {
    fullName: get('fullName'),
    organisation: get('organisation'),
    organisationAddress: get('organisationAddress'),
    country: get('country'),
    organisationType: get('organisationType'),
    role: get('role'),
    consent: form.get('consent') === 'true',
  };
}
