import { firstState, mayStart, outreachRole, type Relation } from './conversations.policy.js';

const rel = (p: Partial<Relation>): Relation => ({ shareSpace: false, matched: false, initiatorAgeDays: 30, ...p });

describe('conversations policy', () => {
  it.each([
    ['everyone', rel({}), true],
    ['shared_space', rel({}), false],
    ['shared_space', rel({ shareSpace: true }), true],
    ['shared_space', rel({ matched: true }), true],
    ['matches', rel({ shareSpace: true }), false],
    ['matches', rel({ matched: true }), true],
    ['nobody', rel({ shareSpace: true, matched: true }), false],
  ] as const)('%s with %o → %s', (setting, r, expected) => {
    expect(mayStart(setting, r)).toBe(expected);
  });

  it.each([
    [rel({}), 'request'],
    [rel({ shareSpace: true }), 'open'],
    [rel({ shareSpace: true, initiatorAgeDays: 2 }), 'request'],
    [rel({ matched: true, initiatorAgeDays: 0 }), 'open'],
  ] as const)('first message %o lands as %s', (r, expected) => {
    expect(firstState(r)).toBe(expected);
  });

  it.each([
    [['member'], { keeper: false, orgStaff: false }, null],
    [['member'], { keeper: true, orgStaff: true }, 'keeper'],
    [['org_staff'], { keeper: false, orgStaff: true }, 'org_staff'],
    [['safeguarding'], { keeper: false, orgStaff: false }, 'safeguarding'],
    [['admin'], { keeper: true, orgStaff: false }, 'safeguarding'],
  ] as const)('%o on %o reaches out as %s', (roles, item, expected) => {
    expect(outreachRole(roles, item)).toBe(expected);
  });
});
