import type { OrgRole } from '@sorstars/shared';
import { canExperts, type ExpertsAction } from './experts.policy.js';

type Who = 'stranger' | 'expert' | 'staff' | 'orgAdmin' | 'otherExpert';
const WHO: Who[] = ['stranger', 'expert', 'staff', 'orgAdmin', 'otherExpert'];
const entry = { expertId: 'expert' };
const viewer = (who: Who) => ({ userId: who, orgRole: (who === 'staff' ? 'staff' : who === 'orgAdmin' ? 'admin' : null) as OrgRole | null });

const T = true;
const F = false;
// Columns: stranger (incl. other organisations' staff and platform admins), the entry's expert, staff, org admin, another expert.
const TABLE: [ExpertsAction, boolean[]][] = [
  ['keepLog', [F, F, T, T, F]],
  ['readEntry', [F, T, T, T, F]],
  // The reflection is the expert's own words: staff read it, never write it.
  ['reflect', [F, T, F, F, F]],
];

describe('experts-by-experience policy', () => {
  for (const [action, allowed] of TABLE) {
    WHO.forEach((who, i) => {
      it(`${who} ${allowed[i] ? 'may' : 'may not'} ${action}`, () => {
        expect(canExperts(viewer(who), action, entry)).toBe(allowed[i]);
      });
    });
  }
  it('a deleted expert’s entry belongs to nobody', () => {
    expect(canExperts({ userId: 'expert', orgRole: null }, 'readEntry', { expertId: null })).toBe(false);
  });
});
