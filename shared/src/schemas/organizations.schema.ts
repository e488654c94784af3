// One file per registry, not the package's index: the index loads every country's rules, which
// cost the API and the web server over half a second of start-up each.
import huAnum from 'stdnum/lib/cjs/hu/anum.js';
import dkCvr from 'stdnum/lib/cjs/dk/cvr.js';
import fiYtunnus from 'stdnum/lib/cjs/fi/ytunnus.js';
import rsPib from 'stdnum/lib/cjs/rs/pib.js';
import siDdv from 'stdnum/lib/cjs/si/ddv.js';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locales.js';
import { plainText } from './spaces.schema.js';

/** National registry numbers of the six countries' organisations (HSDS `organization_identifiers`). */
export const ORG_IDENTIFIER_SCHEMES = ['hu-adoszam', 'dk-cvr', 'fi-ytunnus', 'rs-pib', 'si-davcna'] as const;
export type OrgIdentifierScheme = (typeof ORG_IDENTIFIER_SCHEMES)[number];
export const ORG_ROLES = ['staff', 'admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/**
 * Check digits as each registry defines them (python-stdnum's rules, via the `stdnum` package).
 * A Hungarian adószám is the 8-digit base number (checked like the EU VAT number), a VAT-status
 * digit 1–5 and a two-digit county code.
 */
const validators: Record<OrgIdentifierScheme, (v: string) => boolean> = {
  'hu-adoszam': (v) => {
    const m = /^(\d{8})-?([1-5])-?(\d{2})$/.exec(v);
    return !!m && huAnum.validate(m[1]!).isValid && Number(m[3]) >= 2 && Number(m[3]) <= 51;
  },
  'dk-cvr': (v) => /^\d{8}$/.test(v.replace(/\s/g, '')) && dkCvr.validate(v).isValid,
  'fi-ytunnus': (v) => /^\d{7}-\d$/.test(v) && fiYtunnus.validate(v).isValid,
  'rs-pib': (v) => /^\d{9}$/.test(v) && rsPib.validate(v).isValid,
  'si-davcna': (v) => /^(SI)?\d{8}$/.test(v) && siDdv.validate(v).isValid,
};

export function isValidOrgIdentifier(scheme: OrgIdentifierScheme, identifier: string): boolean {
  return validators[scheme](identifier.trim());
}

export const orgIdentifierSchema = z
  .strictObject({
    scheme: z.enum(ORG_IDENTIFIER_SCHEMES, { error: 'validation.identifierScheme' }),
    identifier: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(40, { error: 'validation.tooBig' }),
  })
  .refine((v) => isValidOrgIdentifier(v.scheme, v.identifier), { error: 'validation.identifier', path: ['identifier'] });

const httpUrl = z.url({ protocol: /^https?$/, error: 'validation.url' }).max(2048);
export const contactEmail = z.email({ error: 'validation.email' }).max(254);
export const contactPhone = z.string().trim().regex(/^\+?[0-9 ()\-/]{3,30}$/, { error: 'validation.phone' });

const organizationFields = {
  name: plainText(200).pipe(z.string().min(2, { error: 'validation.required' })),
  description: plainText(5000),
  url: httpUrl.optional(),
  email: contactEmail.optional(),
  phone: contactPhone.optional(),
  identifiers: z.array(orgIdentifierSchema).max(5).optional(),
  /** The languages it works in (the directory's fallback for its resources' texts). */
  languages: z.array(z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' })).max(6).optional(),
};

export const createOrganizationSchema = z.strictObject(organizationFields);
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;
export const updateOrganizationSchema = z.strictObject(organizationFields).partial();
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;

export const addStaffSchema = z.strictObject({
  username: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(200),
  role: z.enum(ORG_ROLES, { error: 'validation.orgRole' }).default('staff'),
});
export type AddStaffInput = z.infer<typeof addStaffSchema>;

export interface OrganizationSummary {
  id: string;
  slug: string;
  name: string;
  verified: boolean;
}

export interface OrganizationDetails extends OrganizationSummary {
  description: string;
  url: string | null;
  email: string | null;
  phone: string | null;
  identifiers: { scheme: OrgIdentifierScheme; identifier: string }[];
  languages: string[];
  verifiedAt: string | null;
  /** The caller's role in it, if any. */
  myRole: OrgRole | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrganizationMember {
  userId: string;
  username: string;
  displayName: string | null;
  role: OrgRole;
  since: string;
}
