import type { TFunction } from 'i18next';
import type { SpaceRole, SpaceVisibility } from '@sorstars/shared';

/** Written out key by key, so every translation key stays findable in the code. */
export function visibilityLabel(t: TFunction, visibility: SpaceVisibility): string {
  switch (visibility) {
    case 'public':
      return t('visibility.public', { ns: 'spaces' });
    case 'private':
      return t('visibility.private', { ns: 'spaces' });
    case 'hidden':
      return t('visibility.hidden', { ns: 'spaces' });
  }
}

export function visibilityHint(t: TFunction, visibility: SpaceVisibility): string {
  switch (visibility) {
    case 'public':
      return t('visibility.publicHint', { ns: 'spaces' });
    case 'private':
      return t('visibility.privateHint', { ns: 'spaces' });
    case 'hidden':
      return t('visibility.hiddenHint', { ns: 'spaces' });
  }
}

export function roleLabel(t: TFunction, role: SpaceRole): string {
  switch (role) {
    case 'host':
      return t('roles.host', { ns: 'spaces' });
    case 'moderator':
      return t('roles.moderator', { ns: 'spaces' });
    case 'member':
      return t('roles.member', { ns: 'spaces' });
  }
}

/** The most unread a count shows; past it, "99+". */
export const MOST_UNREAD_SHOWN = 99;

/** "3 new", and never more than "99+ new": a count is a hint, not a pressure. */
export function unreadLabel(t: TFunction, count: number): string {
  return count > MOST_UNREAD_SHOWN ? t('card.unreadMany', { ns: 'spaces' }) : t('card.unread', { ns: 'spaces', count });
}
