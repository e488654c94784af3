import type { ConversationState, MessageAllowFrom, OutreachRole, PlatformRole } from '@sorstars/shared';

/** Accounts younger than this start with a request, wherever they met the person. */
export const NEW_ACCOUNT_DAYS = 7;

export interface Relation {
  shareSpace: boolean;
  matched: boolean;
  initiatorAgeDays: number;
}

/**
 * Whether someone may begin a conversation with a person, by that person's setting (existing
 * conversations go on whatever they choose later). `matches` needs a live mentoring match.
 */
export function mayStart(allowFrom: MessageAllowFrom, r: Relation): boolean {
  switch (allowFrom) {
    case 'everyone':
      return true;
    case 'shared_space':
      return r.shareSpace || r.matched;
    case 'matches':
      return r.matched;
    case 'nobody':
      return false;
    default: {
      const unknown: never = allowFrom;
      throw new Error(`unknown setting ${String(unknown)}`);
    }
  }
}

/**
 * Mastodon's lesson: a first message from a stranger, or from an account days old, waits in the
 * recipient's requests until they say yes. People who share a space (or a match) talk at once.
 */
export function firstState(r: Relation): ConversationState {
  if (r.matched) return 'open';
  return r.shareSpace && r.initiatorAgeDays >= NEW_ACCOUNT_DAYS ? 'open' : 'request';
}

/**
 * In which capacity someone may reach out with care about a review item, strongest first:
 * safeguarding leads (and admins) about anything; keepers of the space it is in; staff of the
 * organisation it concerns. Null: not at all.
 */
export function outreachRole(roles: readonly PlatformRole[], item: { keeper: boolean; orgStaff: boolean }): OutreachRole | null {
  if (roles.includes('safeguarding') || roles.includes('admin')) return 'safeguarding';
  if (item.keeper) return 'keeper';
  if (item.orgStaff) return 'org_staff';
  return null;
}

/** The recipient's answers to a request; the one who began it answers nothing. */
export type Answer = 'accept' | 'ignore' | 'decline';
export const ANSWERABLE: Record<Answer, readonly ConversationState[]> = {
  accept: ['request', 'ignored'],
  ignore: ['request'],
  // Declining is for an outreach: at any time until it is over.
  decline: ['request', 'open', 'ignored'],
};
