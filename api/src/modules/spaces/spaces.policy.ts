import type { PlatformRole, SpaceRole, SpaceVisibility } from '@sorstars/shared';

/**
 * Who may do what in a space. Pure: no I/O, so REST, Socket.IO, search, exports and calendar
 * feeds all ask the same question and get the same answer.
 */
export type SpaceAction =
  | 'view' // know the space exists and see its description
  | 'read' // messages, members, guidelines history
  | 'post' // send, react
  | 'edit' // name, description, visibility, guidelines
  | 'archive'
  | 'manageRoles'
  | 'createInvite'
  | 'reviewRequests'
  | 'removeMember'
  | 'seeEditHistory';

export interface SpaceActor {
  userId: string;
  platformRoles: readonly PlatformRole[];
  /** The actor's role in this space, or null when not a member. */
  spaceRole: SpaceRole | null;
}

export interface SpaceSubject {
  visibility: SpaceVisibility;
  archived: boolean;
}

const HOSTS: readonly SpaceRole[] = ['host'];
const KEEPERS: readonly SpaceRole[] = ['host', 'moderator'];

export function can(actor: SpaceActor, action: SpaceAction, space: SpaceSubject): boolean {
  const role = actor.spaceRole;
  const has = (roles: readonly SpaceRole[]) => role !== null && roles.includes(role);
  switch (action) {
    case 'view':
      // Hidden spaces exist only for their members (and admins, who keep the platform running).
      return space.visibility !== 'hidden' || role !== null || actor.platformRoles.includes('admin');
    case 'read':
      return role !== null;
    case 'post':
      return role !== null && !space.archived;
    case 'edit':
    case 'archive':
    case 'manageRoles':
    case 'createInvite':
      return has(HOSTS);
    case 'reviewRequests':
    case 'removeMember':
    case 'seeEditHistory':
      return has(KEEPERS);
    default: {
      const unknown: never = action;
      throw new Error(`unknown space action ${String(unknown)}`);
    }
  }
}

/** Membership in SQL: `spaceIdExpr` and `viewer` are SQL expressions (the viewer's id may be NULL). */
export const isMemberSql = (spaceIdExpr: string, viewer: string) =>
  `EXISTS (SELECT 1 FROM space_members m WHERE m.space_id = ${spaceIdExpr} AND m.user_id = ${viewer})`;

/** can(actor, 'view', space) in SQL: hidden spaces for their members and admins only. */
export const spaceViewableSql = (s: string, viewer: string, isAdmin: string) =>
  `(${s}.visibility <> 'hidden' OR ${isAdmin} OR ${isMemberSql(`${s}.id`, viewer)})`;
