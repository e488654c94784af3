import type { HandbookStatus, OrgRole, PlatformRole } from '@sorstars/shared';

/**
 * Who may see and change a handbook edition. Editors are the organisation's staff (and its
 * admins); a published edition is public. Pure, so REST, exports and the privacy export agree.
 */
export interface EditionViewer {
  userId: string | null;
  platformRoles: readonly PlatformRole[];
  orgRole: OrgRole | null;
}

export type EditionAction = 'read' | 'edit' | 'freeze' | 'download';

const isEditor = (v: EditionViewer) => v.userId !== null && (v.orgRole === 'staff' || v.orgRole === 'admin');

export function can(v: EditionViewer, action: EditionAction, status: HandbookStatus): boolean {
  switch (action) {
    case 'read':
    case 'download':
      return status === 'published' || isEditor(v) || (v.userId !== null && v.platformRoles.includes('admin'));
    case 'edit':
      return status === 'draft' && isEditor(v);
    case 'freeze':
      return status === 'draft' && isEditor(v);
  }
}

/** Only editors may start an edition for an organisation. */
export const canCreate = (v: EditionViewer) => isEditor(v);

/**
 * A story that may go into a handbook, in SQL: its author said yes, it is published, visible
 * (not hidden by moderators), not deleted, and still has an author. `s` is the stories alias.
 */
export const storyEligibleSql = (s = 's') =>
  `${s}.consent_handbook AND ${s}.status = 'published' AND ${s}.moderation_state = 'visible' AND ${s}.deleted_at IS NULL AND ${s}.author_id IS NOT NULL`;
