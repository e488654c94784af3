import type { OrgRole } from '@sorstars/shared';

/**
 * Who may do what with an organisation's experts-by-experience log. Only the organisation's own
 * staff (and its admins) keep the log; platform admins get no view of it, because it is about
 * people's paid and unpaid work, not about the platform. The expert sees their own entries.
 * Every refusal is "not found".
 */
export interface ExpertsViewer {
  userId: string;
  /** The caller's role in the entry's organisation, if any. */
  orgRole: OrgRole | null;
}

export type ExpertsAction = 'keepLog' | 'readEntry' | 'reflect';

export function canExperts(v: ExpertsViewer, action: ExpertsAction, entry?: { expertId: string | null }): boolean {
  const staff = v.orgRole === 'staff' || v.orgRole === 'admin';
  switch (action) {
    case 'keepLog':
      return staff;
    case 'readEntry':
      return staff || (entry !== undefined && entry.expertId === v.userId);
    case 'reflect':
      return entry !== undefined && entry.expertId === v.userId;
  }
}
