import type { OrgRole, PlatformRole, SpaceRole } from '@sorstars/shared';
import { spaceReaderSql } from '../spaces/spaces.policy.js';

/**
 * Events of a space are for its members (the space's visibility applies); events without a
 * space are an organisation's public events. Pure, so pages, lists and calendar feeds agree.
 */
export interface EventViewer {
  userId: string | null;
  platformRoles: readonly PlatformRole[];
  /** Role in the event's space, when it has one. */
  spaceRole: SpaceRole | null;
  /** Role in the event's organisation (or the one it is being posted for), when it has one. */
  orgRole?: OrgRole | null;
}

export interface EventSubject {
  spaceId: string | null;
  createdBy: string | null;
}

/** Where an event is being posted: a space, or (public) an organisation. */
export interface EventTarget {
  spaceId: string | null;
  organizationId: string | null;
}

const isPlatformAdmin = (v: EventViewer) => v.platformRoles.includes('admin');
/**
 * Staff or admin of the organisation the event belongs to. Membership is the only source of this
 * power: the platform-wide `org_staff` role gives none by itself.
 */
const isOrgStaff = (v: EventViewer) => v.orgRole === 'staff' || v.orgRole === 'admin';

export function canView(v: EventViewer, e: EventSubject): boolean {
  return e.spaceId === null || v.spaceRole !== null;
}

/**
 * Space hosts and moderators create a space's events; a public event is always an organisation's,
 * posted by its staff (platform admins may post for any organisation).
 */
export function canCreate(v: EventViewer, target: EventTarget): boolean {
  if (v.userId === null) return false;
  if (target.spaceId !== null) return v.spaceRole === 'host' || v.spaceRole === 'moderator';
  return target.organizationId !== null && (isOrgStaff(v) || isPlatformAdmin(v));
}

/** Change, cancel, move, see who is coming. */
export function canManage(v: EventViewer, e: EventSubject): boolean {
  if (v.userId === null) return false;
  if (e.spaceId !== null) return v.spaceRole === 'host' || v.spaceRole === 'moderator';
  return isPlatformAdmin(v) || isOrgStaff(v);
}

export const canRsvp = (v: EventViewer, e: EventSubject) => v.userId !== null && canView(v, e);

/**
 * canView in SQL, for lists, feeds and search: public events and those of spaces the viewer belongs
 * to; an event moderators took down only for whoever created it.
 */
export const eventVisibleSql = (e = 'e', viewer = '$1::uuid') =>
  `(${e}.space_id IS NULL OR ${spaceReaderSql(viewer, `${e}.space_id`)})
  AND (${e}.moderation_state = 'visible' OR ${e}.created_by = ${viewer})`;
