import { z } from 'zod';
import { COUNTRY_CODES } from '../countries.js';
import { text } from './common.schema.js';
import { plainText } from './spaces.schema.js';

/**
 * Registrations for multiplier events: the legal names and organisations grant reports need. They
 * live apart from accounts (no user id anywhere), only the organising organisation's staff see
 * them, and they are deleted at the retention date the organiser sets.
 */
export const ORGANISATION_TYPES = ['ngo', 'public_body', 'school_university', 'company', 'informal_group', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** A CSV import is refused above either bound, and nothing of it is stored. */
export const REGISTRATION_IMPORT_MAX_ROWS = 1000;
export const REGISTRATION_IMPORT_MAX_BYTES = 1024 * 1024;
/** The column headers of an import and of the export, in this order. */
export const REGISTRATION_CSV_COLUMNS = ['full_name', 'organisation', 'organisation_address', 'country', 'organisation_type', 'role'] as const;
export const PARTNER_ORGANISATIONS_MAX = 30;
/** One event takes at most this many registrations, however they come (form, walk-in, import). */
export const REGISTRATIONS_PER_EVENT_MAX = 5000;
/** Registration settings may keep records at most this long (grant rules ask for five years after payment). */
export const RETENTION_MAX_YEARS = 15;

const isoDay = z.iso.date({ error: 'validation.date' });

export const registrationSettingsSchema = z.strictObject({
  consentText: plainText(4000).min(1, { error: 'validation.required' }),
  /** The day the records are deleted; must be after today. */
  retentionUntil: isoDay,
  /** Names of the project's partner organisations: participants from anywhere else are "external". */
  partnerOrganisations: z.array(text(200).min(1, { error: 'validation.required' })).max(PARTNER_ORGANISATIONS_MAX, { error: 'validation.tooBig' }),
  open: z.boolean({ error: 'validation.invalidType' }),
});
export type RegistrationSettingsInput = z.infer<typeof registrationSettingsSchema>;

/** One person's details; shared by the public form, a walk-in and each CSV row. */
export const participantFields = {
  fullName: text(200).min(1, { error: 'validation.required' }),
  organisation: text(200).min(1, { error: 'validation.required' }),
  organisationAddress: plainText(500).min(1, { error: 'validation.required' }),
  country: z.enum(COUNTRY_CODES, { error: 'validation.country' }),
  organisationType: z.enum(ORGANISATION_TYPES, { error: 'validation.invalidValue' }),
  role: text(200).min(1, { error: 'validation.required' }),
};
export const participantSchema = z.strictObject(participantFields);
export type ParticipantInput = z.infer<typeof participantSchema>;

/** Without the box ticked there is no registration. */
const consentGiven = z.literal(true, { error: 'validation.consentRequired' });

export const eventRegistrationSchema = z.strictObject({ ...participantFields, consent: consentGiven });
export type EventRegistrationInput = z.infer<typeof eventRegistrationSchema>;
/** Staff add someone on the day, having asked them for the same consent. */
export const walkInSchema = z.strictObject({ ...participantFields, consent: consentGiven, checkedIn: z.boolean().optional() });
export type WalkInInput = z.infer<typeof walkInSchema>;

export const checkInSchema = z.strictObject({ checkedIn: z.boolean({ error: 'validation.invalidType' }) });
export const registrationImportSchema = z.strictObject({ csv: z.string({ error: 'validation.invalidType' }) });

export const registrationListQuerySchema = z.object({
  q: text(200).optional(),
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).optional(),
  cursor: text(300).optional(),
});
/** The private link: 43 url-safe characters (32 random bytes). */
export const registrationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export interface RegistrationSettings {
  eventId: string;
  open: boolean;
  consentText: string;
  /** The day the records are deleted: people registering are told. */
  retentionUntil: string;
  /** Staff only (null to everyone else). */
  partnerOrganisations: string[] | null;
}

export interface Registration extends ParticipantInput {
  id: string;
  eventId: string;
  source: 'form' | 'walk_in' | 'import';
  external: boolean;
  checkedInAt: string | null;
  createdAt: string;
}

/** What the private link shows to the person who registered. */
export interface MyRegistration extends ParticipantInput {
  eventId: string;
  eventTitle: string;
  startsAt: string;
  timezone: string;
  retentionUntil: string;
  createdAt: string;
}

export interface CountRow {
  key: string;
  registered: number;
  attended: number;
}

export interface EventReport {
  eventId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  place: string | null;
  organisation: string | null;
  registered: number;
  attended: number;
  external: { registered: number; attended: number };
  externalByCountry: CountRow[];
  externalByOrganisationType: CountRow[];
  partnerOrganisations: string[];
  retentionUntil: string;
}
