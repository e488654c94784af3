import type { TFunction } from 'i18next';
import type { Conversation, MessageAllowFrom, OutreachRole } from '@sorstars/shared';

/** The other person's name, or "a former member" once their account is gone. */
export const otherName = (t: TFunction, c: Pick<Conversation, 'other'>) => c.other?.displayName || c.other?.username || t('direct.formerMember', { ns: 'chat' });

// Written out in full so the locale checks see every key in use.
const ALLOW_FROM: Record<MessageAllowFrom, string> = {
  everyone: 'direct.settings.allowFrom.everyone',
  shared_space: 'direct.settings.allowFrom.shared_space',
  matches: 'direct.settings.allowFrom.matches',
  nobody: 'direct.settings.allowFrom.nobody',
};
export const allowFromLabel = (t: TFunction, value: MessageAllowFrom) => t(ALLOW_FROM[value], { ns: 'chat' });

const OUTREACH_AS: Record<OutreachRole, string> = {
  safeguarding: 'direct.outreach.as.safeguarding',
  keeper: 'direct.outreach.as.keeper',
  org_staff: 'direct.outreach.as.org_staff',
};

/** "Reaching out with care as a safeguarding lead / a keeper of ⟨space⟩ / staff of ⟨organisation⟩." */
export function outreachLine(t: TFunction, c: Conversation): string | null {
  if (!c.outreach) return null;
  return t(OUTREACH_AS[c.outreach.as], { ns: 'chat', name: otherName(t, c), context: c.outreach.context ?? '' });
}

/** What the requests tab says after an answer (`?done=`). */
export const DONE_NOTICES = {
  blocked: 'direct.requests.done.blocked',
  ignored: 'direct.requests.done.ignored',
  declined: 'direct.requests.done.declined',
} as const;
export type DoneNotice = keyof typeof DONE_NOTICES;
export const isDoneNotice = (value: string | null): value is DoneNotice => value !== null && Object.hasOwn(DONE_NOTICES, value);
