import type { OrgRole } from '@sorstars/shared';

/**
 * Registration records (legal names, organisations) are for the organising organisation's own
 * staff only: not platform admins, not other organisations, not the event's attendees. Everyone
 * else is told they do not exist. Pure, so every route, export and report asks the same question.
 */
export const canSeeRegistrations = (orgRole: OrgRole | null) => orgRole === 'staff' || orgRole === 'admin';

/** Only a public event of an organisation, of kind multiplier, takes registrations. */
export const takesRegistrations = (e: { kind: string; organizationId: string | null; spaceId: string | null }) =>
  e.kind === 'multiplier' && e.organizationId !== null && e.spaceId === null;

/** A participant is "external" (the figure grants count) when their organisation is none of the partners. */
export function isExternal(organisation: string, partners: readonly string[]): boolean {
  const key = normaliseOrganisation(organisation);
  return !partners.some((p) => normaliseOrganisation(p) === key);
}

const normaliseOrganisation = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
