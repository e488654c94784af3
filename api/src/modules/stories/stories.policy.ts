import type { PlatformRole, SpaceRole } from '@sorstars/shared';

/**
 * Who may read, identify and change a story. Pure: the list query, the story page, comments,
 * exports and search all ask the same questions.
 */
export interface StoryViewer {
  userId: string | null;
  platformRoles: readonly PlatformRole[];
  /** The viewer's role in the story's space, when it belongs to one. */
  spaceRole: SpaceRole | null;
}

export interface StorySubject {
  authorId: string | null;
  status: 'draft' | 'published';
  visibility: 'public' | 'members' | 'space';
  anonymous: boolean;
  deleted: boolean;
  /** Hidden or removed by moderators: only its author still sees it (with the reason). */
  moderated?: boolean;
}

const isAuthor = (v: StoryViewer, s: StorySubject) => v.userId !== null && v.userId === s.authorId;
const isAdmin = (v: StoryViewer) => v.platformRoles.includes('admin');

export function canRead(v: StoryViewer, s: StorySubject): boolean {
  if (s.deleted) return false;
  if (isAuthor(v, s)) return true;
  if (s.status !== 'published' || s.moderated) return false;
  switch (s.visibility) {
    case 'public':
      return true;
    case 'members':
      return v.userId !== null;
    case 'space':
      return v.spaceRole !== null;
  }
}

/** Anonymous stories show "a member"; the author, admins and the space's keepers still know. */
export function canSeeAuthor(v: StoryViewer, s: StorySubject): boolean {
  if (!s.anonymous || isAuthor(v, s) || isAdmin(v)) return true;
  return s.visibility === 'space' && (v.spaceRole === 'host' || v.spaceRole === 'moderator');
}

export const canEdit = (v: StoryViewer, s: StorySubject) => !s.deleted && isAuthor(v, s);

/** Reaction counts are for the author alone: no popularity race between stories. */
export const canSeeReactionCounts = canEdit;

export const canRespond = (v: StoryViewer, s: StorySubject) => v.userId !== null && s.status === 'published' && canRead(v, s);

/** Programme staff compile the handbook from stories whose authors said yes. */
export const canListHandbook = (v: StoryViewer) => v.platformRoles.includes('org_staff') || isAdmin(v);
