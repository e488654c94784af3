import type { SpaceRole, SpaceVisibility } from '@sorstars/shared';
import { can, outranks, type SpaceAction } from './spaces.policy.js';

const actor = (spaceRole: SpaceRole | null, admin = false) => ({
  userId: 'u',
  platformRoles: admin ? (['member', 'admin'] as const) : (['member'] as const),
  spaceRole,
});
const space = (visibility: SpaceVisibility, archived = false) => ({ visibility, archived });

// role × action → allowed, in an open space that is not archived.
const TABLE: [SpaceAction, Record<'none' | SpaceRole, boolean>][] = [
  ['view', { none: true, member: true, moderator: true, host: true }],
  ['read', { none: false, member: true, moderator: true, host: true }],
  ['post', { none: false, member: true, moderator: true, host: true }],
  ['edit', { none: false, member: false, moderator: false, host: true }],
  ['archive', { none: false, member: false, moderator: false, host: true }],
  ['manageRoles', { none: false, member: false, moderator: false, host: true }],
  ['createInvite', { none: false, member: false, moderator: false, host: true }],
  ['reviewRequests', { none: false, member: false, moderator: true, host: true }],
  ['removeMember', { none: false, member: false, moderator: true, host: true }],
  ['seeEditHistory', { none: false, member: false, moderator: true, host: true }],
];

describe('spaces policy', () => {
  for (const visibility of ['public', 'private'] as const) {
    describe(`${visibility} space`, () => {
      for (const [action, expected] of TABLE) {
        for (const [role, allowed] of Object.entries(expected)) {
          it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
            expect(can(actor(role === 'none' ? null : (role as SpaceRole)), action, space(visibility))).toBe(allowed);
          });
        }
      }
    });
  }

  it('hides a hidden space from non-members but not from members or admins', () => {
    expect(can(actor(null), 'view', space('hidden'))).toBe(false);
    expect(can(actor('member'), 'view', space('hidden'))).toBe(true);
    expect(can(actor(null, true), 'view', space('hidden'))).toBe(true);
  });

  it('never lets an admin who is not a member read messages', () => {
    for (const visibility of ['public', 'private', 'hidden'] as const) {
      expect(can(actor(null, true), 'read', space(visibility))).toBe(false);
    }
  });

  it('stops posting in an archived space, but keeps reading', () => {
    expect(can(actor('host'), 'post', space('public', true))).toBe(false);
    expect(can(actor('member'), 'read', space('public', true))).toBe(true);
  });
});

// actor's role × subject's role → may mute or remove them (strictly higher rank; admins always).
const RANKS: [SpaceRole | null, Record<SpaceRole, boolean>][] = [
  [null, { member: false, moderator: false, host: false }],
  ['member', { member: false, moderator: false, host: false }],
  ['moderator', { member: true, moderator: false, host: false }],
  ['host', { member: true, moderator: true, host: false }],
];

describe('role order for sanctions', () => {
  for (const [role, expected] of RANKS) {
    for (const [subject, allowed] of Object.entries(expected) as [SpaceRole, boolean][]) {
      it(`${role ?? 'non-member'} ${allowed ? 'may' : 'may not'} sanction a ${subject}`, () => {
        expect(outranks(actor(role), subject)).toBe(allowed);
      });
    }
  }
  it('a platform admin may sanction anyone, member of the space or not', () => {
    for (const subject of ['member', 'moderator', 'host'] as const) expect(outranks(actor(null, true), subject)).toBe(true);
  });
});

describe('a direct conversation', () => {
  const direct = (state: 'request' | 'open' | 'ignored' | 'declined' | 'ended', initiatorId: string, archived = false) => ({
    visibility: 'hidden' as const,
    archived,
    kind: 'direct' as const,
    conversation: { state, initiatorId },
  });
  const ACTIONS: SpaceAction[] = ['view', 'read', 'post', 'edit', 'archive', 'manageRoles', 'createInvite', 'reviewRequests', 'removeMember', 'seeEditHistory'];

  it('is nothing at all to anyone outside it, admins included', () => {
    for (const action of ACTIONS) {
      expect(can(actor(null), action, direct('open', 'u'))).toBe(false);
      expect(can(actor(null, true), action, direct('open', 'u'))).toBe(false);
    }
  });

  it('lets its two people read and see edit history, and keep nothing', () => {
    for (const action of ['view', 'read', 'seeEditHistory'] as const) expect(can(actor('member'), action, direct('open', 'x'))).toBe(true);
    for (const action of ['edit', 'archive', 'manageRoles', 'createInvite', 'reviewRequests', 'removeMember'] as const) {
      expect(can(actor('member'), action, direct('open', 'x'))).toBe(false);
    }
  });

  it.each([
    ['open', 'someone else', false, true],
    ['request', 'me', false, true],
    ['ignored', 'me', false, true],
    ['request', 'someone else', false, false],
    ['ignored', 'someone else', false, false],
    ['open', 'me', true, false],
  ] as const)('%s, begun by %s, read-only %s → may post: %s', (state, by, archived, allowed) => {
    expect(can(actor('member'), 'post', direct(state, by === 'me' ? 'u' : 'x', archived))).toBe(allowed);
  });
});
