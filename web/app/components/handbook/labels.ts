import type { HandbookLicence, HandbookStatus } from '@sorstars/shared';

/** Keys written out, so the locales test finds every one. */
export const STATUS_KEY: Record<HandbookStatus, string> = {
  draft: 'staff.status.draft',
  frozen: 'staff.status.frozen',
  published: 'staff.status.published',
};
export const LICENCE_KEY: Record<HandbookLicence, string> = {
  'CC-BY-SA-4.0': 'book.licences.ccBySa',
  'CC-BY-4.0': 'book.licences.ccBy',
  'CC0-1.0': 'book.licences.cc0',
};
