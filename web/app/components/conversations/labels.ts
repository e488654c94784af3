import type { TFunction } from 'i18next';
import type { Conversation, MessageAllowFrom } from '@sorstars/shared';

/** The other person's name, or "a former member" once their account is gone. */
export const otherName = (t: TFunction, c: Pick<Conversation, 'other'>) => c.other?.displayName || c.other?.username || t('direct.formerMember', { ns: 'chat' });

export const allowFromLabel = (t: TFunction, value: MessageAllowFrom) => t(`direct.settings.allowFrom.${value}`, { ns: 'chat' });

/** "Reaching out with care as a safeguarding lead / a keeper of ⟨space⟩ / staff of ⟨organisation⟩." */
export function outreachLine(t: TFunction, c: Conversation): string | null {
  if (!c.outreach) return null;
  return t(`direct.outreach.as.${c.outreach.as}`, { ns: 'chat', name: otherName(t, c), context: c.outreach.context ?? '' });
}
