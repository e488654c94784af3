import type { OrganisationType } from '@sorstars/shared';

/** Each type's key written out, so the translations' check sees it in use. */
export const ORGANISATION_TYPE_KEYS: Record<OrganisationType, string> = {
  ngo: 'organisationTypes.ngo',
  public_body: 'organisationTypes.public_body',
  school_university: 'organisationTypes.school_university',
  company: 'organisationTypes.company',
  informal_group: 'organisationTypes.informal_group',
  other: 'organisationTypes.other',
};
