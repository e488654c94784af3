import type { PlatformRole, SpaceRole } from '@sorstars/shared';
import { canCreate, canManage, canRsvp, canView, type EventViewer } from './events.policy.js';

type Who = 'visitor' | 'member' | 'spaceMember' | 'moderator' | 'host' | 'orgStaff' | 'admin';
type Action = 'view' | 'create' | 'manage' | 'rsvp';

const ME = 'me';
const viewer = (who: Who): EventViewer => {
  if (who === 'visitor') return { userId: null, platformRoles: [], spaceRole: null };
  const platformRoles: PlatformRole[] = who === 'orgStaff' ? ['member', 'org_staff'] : who === 'admin' ? ['member', 'admin'] : ['member'];
  const spaceRole: SpaceRole | null = who === 'spaceMember' ? 'member' : who === 'moderator' ? 'moderator' : who === 'host' ? 'host' : null;
  return { userId: ME, platformRoles, spaceRole };
};

const check = (action: Action, v: EventViewer, spaceId: string | null, createdBy: string | null): boolean => {
  const subject = { spaceId, createdBy };
  switch (action) {
    case 'view':
      return canView(v, subject);
    case 'create':
      // A public event is always posted for an organisation (here one the viewer holds no role in).
      return canCreate(v, { spaceId, organizationId: spaceId === null ? 'org-1' : null });
    case 'manage':
      return canManage(v, subject);
    case 'rsvp':
      return canRsvp(v, subject);
  }
};

const WHO: Who[] = ['visitor', 'member', 'spaceMember', 'moderator', 'host', 'orgStaff', 'admin'];
const row = (...allowed: boolean[]) => Object.fromEntries(WHO.map((w, i) => [w, allowed[i]])) as Record<Who, boolean>;
const T = true;
const F = false;

// Columns: visitor, member, spaceMember, moderator, host, orgStaff, admin.
// Platform org_staff and admin hold no role in the space; a space's events are for its members.
const SPACE_EVENT: [Action, Record<Who, boolean>][] = [
  ['view', row(F, F, T, T, T, F, F)],
  ['create', row(F, F, F, T, T, F, F)],
  ['manage', row(F, F, F, T, T, F, F)],
  ['rsvp', row(F, F, T, T, T, F, F)],
];

// A public (organisation) event created by someone else, seen by people with no role in its
// organisation; "spaceMember" etc. have no space here but the table keeps their platform role
// (member). The platform org_staff role gives no power over events by itself.
const PUBLIC_EVENT_BY_OTHER: [Action, Record<Who, boolean>][] = [
  ['view', row(T, T, T, T, T, T, T)],
  ['create', row(F, F, F, F, F, F, T)],
  ['manage', row(F, F, F, F, F, F, T)],
  ['rsvp', row(F, T, T, T, T, T, T)],
];

describe('events policy', () => {
  describe('space event', () => {
    for (const [action, expected] of SPACE_EVENT) {
      for (const who of WHO) {
        it(`${who} ${expected[who] ? 'may' : 'may not'} ${action}`, () => {
          expect(check(action, viewer(who), 'space-1', 'someone-else')).toBe(expected[who]);
        });
      }
    }

    it('the creator of a space event who is no longer host or moderator may not manage it', () => {
      expect(canManage(viewer('spaceMember'), { spaceId: 'space-1', createdBy: ME })).toBe(false);
      expect(canManage(viewer('orgStaff'), { spaceId: 'space-1', createdBy: ME })).toBe(false);
    });
  });

  describe('public event (no space)', () => {
    for (const [action, expected] of PUBLIC_EVENT_BY_OTHER) {
      for (const who of WHO) {
        // Space roles are meaningless without a space: the viewer is built with none.
        const v = { ...viewer(who), spaceRole: null };
        it(`${who} ${expected[who] ? 'may' : 'may not'} ${action}`, () => {
          expect(check(action, v, null, 'someone-else')).toBe(expected[who]);
        });
      }
    }

    it('the platform org_staff role gives nothing by itself: not even over public events they posted', () => {
      expect(canManage(viewer('orgStaff'), { spaceId: null, createdBy: ME })).toBe(false);
      expect(canManage(viewer('orgStaff'), { spaceId: null, createdBy: 'someone-else' })).toBe(false);
      expect(canCreate(viewer('orgStaff'), { spaceId: null, organizationId: 'org-1' })).toBe(false);
      // Someone who created it and is no longer the organisation's staff manages it no more.
      expect(canManage(viewer('member'), { spaceId: null, createdBy: ME })).toBe(false);
      // The creator's account is gone (created_by set null): admins still manage it.
      expect(canManage(viewer('admin'), { spaceId: null, createdBy: null })).toBe(true);
      expect(canManage(viewer('orgStaff'), { spaceId: null, createdBy: null })).toBe(false);
    });

    it('staff and admins of the event\'s organisation create and manage its public events, whoever posted them', () => {
      const member: EventViewer = { userId: ME, platformRoles: ['member'], spaceRole: null };
      for (const orgRole of ['staff', 'admin'] as const) {
        expect(canCreate({ ...member, orgRole }, { spaceId: null, organizationId: 'org-1' })).toBe(true);
        expect(canManage({ ...member, orgRole }, { spaceId: null, createdBy: 'someone-else' })).toBe(true);
        // An organisation's role gives nothing inside a space.
        expect(canCreate({ ...member, orgRole }, { spaceId: 'space-1', organizationId: null })).toBe(false);
      }
      expect(canCreate({ ...member, orgRole: null }, { spaceId: null, organizationId: 'org-1' })).toBe(false);
      expect(canManage({ ...member, orgRole: null }, { spaceId: null, createdBy: 'someone-else' })).toBe(false);
    });

    it('a public event is always an organisation\'s: nobody, not even a platform admin, posts one without it', () => {
      for (const v of [viewer('admin'), viewer('orgStaff'), { ...viewer('member'), orgRole: 'admin' as const }]) {
        expect(canCreate(v, { spaceId: null, organizationId: null })).toBe(false);
      }
      // Platform admins may post for any organisation.
      expect(canCreate(viewer('admin'), { spaceId: null, organizationId: 'org-1' })).toBe(true);
    });

    it('a visitor never creates, manages or answers, whatever the subject', () => {
      const visitorWithRoles: EventViewer = { userId: null, platformRoles: ['admin'], spaceRole: 'host' };
      expect(canCreate(visitorWithRoles, { spaceId: null, organizationId: 'org-1' })).toBe(false);
      expect(canCreate(visitorWithRoles, { spaceId: 'space-1', organizationId: null })).toBe(false);
      expect(canManage(visitorWithRoles, { spaceId: null, createdBy: null })).toBe(false);
      expect(canRsvp(visitorWithRoles, { spaceId: null, createdBy: null })).toBe(false);
    });
  });
});
