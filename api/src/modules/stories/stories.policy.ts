import type { PlatformRole, SpaceRole } from '@sorstars/shared';
import { notBlockedSql } from '../accounts/blocks.policy.js';
import { spaceReaderSql } from '../spaces/spaces.policy.js';

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

/**
 * canRead in SQL, for lists and search: the viewer's own stories, and published, unmoderated ones
 * that are public, for members (when signed in), or in a space they belong to; never stories by
 * people they blocked. `s` is the stories alias, `viewer` a SQL expression for the viewer's id.
 */
export const storyReadableSql = (s = 's', viewer = '$1::uuid') => `${s}.deleted_at IS NULL AND (
    ${s}.author_id = ${viewer} OR (${s}.status = 'published' AND ${s}.moderation_state = 'visible' AND (
      ${s}.visibility = 'public'
      OR (${s}.visibility = 'members' AND ${viewer} IS NOT NULL)
      OR (${s}.visibility = 'space' AND ${spaceReaderSql(viewer, `${s}.space_id`)}))
    AND ${notBlockedSql(viewer, `${s}.author_id`)}))`;

/**
 * A comment as search may show it: on a story the viewer may read, not deleted, not by someone
 * they blocked, and unmoderated unless it is their own (the thread shows others' as removed).
 */
export const commentReadableSql = (c: string, s: string, viewer = '$1::uuid') =>
  `${c}.deleted_at IS NULL AND (${c}.moderation_state = 'visible' OR ${c}.author_id = ${viewer})
    AND ${notBlockedSql(viewer, `${c}.author_id`)} AND ${storyReadableSql(s, viewer)}`;

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
