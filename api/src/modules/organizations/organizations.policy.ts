import type { OrgRole, PlatformRole } from '@sorstars/shared';

/**
 * Who may do what with an organisation and its resources. Membership of the organisation, not a
 * platform-wide role, is what lets someone post for it; platform admins may do everything and are
 * the only ones who verify. Pure, so REST, imports and exports give the same answer.
 */
export interface OrgViewer {
  userId: string | null;
  platformRoles: readonly PlatformRole[];
  /** The caller's role in this organisation, if any. */
  orgRole: OrgRole | null;
}

export type OrgAction =
  | 'view'
  | 'create'
  | 'update'
  | 'manageStaff'
  | 'verify'
  | 'postResource'
  | 'manageResource'
  | 'seeQueue'
  /** A refuge's address: only the organisation's own staff, not even platform admins. */
  | 'seeConfidentialLocations';

const isAdmin = (v: OrgViewer) => v.platformRoles.includes('admin');
const isStaff = (v: OrgViewer) => v.orgRole === 'staff' || v.orgRole === 'admin';

export function can(v: OrgViewer, action: OrgAction): boolean {
  switch (action) {
    case 'view':
      return true;
    case 'create':
      return v.userId !== null;
    case 'update':
    case 'manageStaff':
      return v.userId !== null && (v.orgRole === 'admin' || isAdmin(v));
    case 'verify':
      return v.userId !== null && isAdmin(v);
    case 'postResource':
    case 'manageResource':
    case 'seeQueue':
      return v.userId !== null && (isStaff(v) || isAdmin(v));
    case 'seeConfidentialLocations':
      return v.userId !== null && isStaff(v);
  }
}
