import type { ConversationState, PlatformRole, SpaceRole, SpaceVisibility } from '@sorstars/shared';

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
  /** `direct`: a one-to-one conversation (group when absent). */
  kind?: 'group' | 'direct';
  /** For a direct space: whether the other person has said yes yet, and who began it. */
  conversation?: { state: ConversationState; initiatorId: string | null } | null;
}

const HOSTS: readonly SpaceRole[] = ['host'];
const KEEPERS: readonly SpaceRole[] = ['host', 'moderator'];

export function can(actor: SpaceActor, action: SpaceAction, space: SpaceSubject): boolean {
  if (space.kind === 'direct') return canInConversation(actor, action, space);
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

/**
 * A one-to-one conversation belongs to its two members and nobody else — not even admins, who
 * see only what is reported to them. Nothing in it is kept: no roles, invites or requests. Until
 * the recipient says yes only the one who began it may write (an ignored request looks no
 * different to them); an ended match is read-only (archived).
 */
function canInConversation(actor: SpaceActor, action: SpaceAction, space: SpaceSubject): boolean {
  const member = actor.spaceRole !== null;
  switch (action) {
    case 'view':
    case 'read':
    case 'seeEditHistory':
      return member;
    case 'post': {
      const c = space.conversation;
      if (!member || space.archived || !c) return false;
      return c.state === 'open' || ((c.state === 'request' || c.state === 'ignored') && c.initiatorId === actor.userId);
    }
    default:
      return false;
  }
}

const RANK: Record<SpaceRole, number> = { member: 0, moderator: 1, host: 2 };

/**
 * Whether the actor may sanction (mute, remove, warn) someone in a space: platform admins anyone;
 * otherwise only someone of a strictly higher space role — hosts act on moderators and members,
 * moderators on members, nobody on their equals or betters.
 */
export function outranks(actor: SpaceActor, subjectRole: SpaceRole | null): boolean {
  if (actor.platformRoles.includes('admin')) return true;
  if (actor.spaceRole === null) return false;
  return RANK[actor.spaceRole] > RANK[subjectRole ?? 'member'];
}

/** SQL mirror of `can(actor, 'read', space)`: `$user` belongs to `$space` right now. */
export const spaceReaderSql = (userParam: string, spaceParam: string) =>
  `EXISTS (SELECT 1 FROM space_members sm_read WHERE sm_read.space_id = ${spaceParam} AND sm_read.user_id = ${userParam})`;

/**
 * SQL mirror of `can(actor, 'removeMember', space)` for a group space (KEEPERS): `$user` hosts or
 * moderates `$space` right now, so news for keepers ends the moment someone is no longer one.
 */
export const spaceKeeperSql = (userParam: string, spaceParam: string) =>
  `EXISTS (SELECT 1 FROM space_members sm_keep WHERE sm_keep.space_id = ${spaceParam} AND sm_keep.user_id = ${userParam} AND sm_keep.role IN (${KEEPERS.map((r) => `'${r}'`).join(', ')}))`;

/** can(actor, 'view', space) in SQL: hidden spaces for their members and admins only; conversations for their members. */
export const spaceViewableSql = (s: string, viewer: string, isAdmin: string) =>
  `(${s}.visibility <> 'hidden' OR (${isAdmin} AND ${s}.kind = 'group') OR ${spaceReaderSql(viewer, `${s}.id`)})`;
