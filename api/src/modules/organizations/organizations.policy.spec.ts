import type { OrgRole, PlatformRole } from '@sorstars/shared';
import { can, type OrgAction, type OrgViewer } from './organizations.policy.js';

type Who = 'visitor' | 'member' | 'platformOrgStaff' | 'staff' | 'orgAdmin' | 'admin';
const WHO: Who[] = ['visitor', 'member', 'platformOrgStaff', 'staff', 'orgAdmin', 'admin'];

const viewer = (who: Who): OrgViewer => {
  if (who === 'visitor') return { userId: null, platformRoles: [], orgRole: null };
  const platformRoles: PlatformRole[] = who === 'admin' ? ['member', 'admin'] : who === 'platformOrgStaff' ? ['member', 'org_staff'] : ['member'];
  const orgRole: OrgRole | null = who === 'staff' ? 'staff' : who === 'orgAdmin' ? 'admin' : null;
  return { userId: 'me', platformRoles, orgRole };
};

const T = true;
const F = false;
// Columns: visitor, member, platform org_staff (not in this organisation), staff, org admin, platform admin.
// The platform-wide org_staff role gives no power over an organisation it does not belong to.
const TABLE: [OrgAction, boolean[]][] = [
  ['view', [T, T, T, T, T, T]],
  ['create', [F, T, T, T, T, T]],
  ['update', [F, F, F, F, T, T]],
  ['manageStaff', [F, F, F, F, T, T]],
  ['verify', [F, F, F, F, F, T]],
  ['postResource', [F, F, F, T, T, T]],
  ['manageResource', [F, F, F, T, T, T]],
  ['seeQueue', [F, F, F, T, T, T]],
  // Where a refuge is stays with the people who run it.
  ['seeConfidentialLocations', [F, F, F, T, T, F]],
];

describe('organisations policy', () => {
  for (const [action, allowed] of TABLE) {
    WHO.forEach((who, i) => {
      it(`${who} ${allowed[i] ? 'may' : 'may not'} ${action}`, () => {
        expect(can(viewer(who), action)).toBe(allowed[i]);
      });
    });
  }
});
