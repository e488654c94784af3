import type { TFunction } from 'i18next';
import type { ModerationAction, ReportReason, ReportTarget, WatchedWordAction } from '@sorstars/shared';

/*
 * Every label written out key by key, so each translation key stays findable in the code (the
 * locale test looks for the literal keys).
 */

export function reasonLabel(t: TFunction, reason: ReportReason): string {
  switch (reason) {
    case 'harassment':
      return t('reasons.harassment', { ns: 'moderation' });
    case 'hate':
      return t('reasons.hate', { ns: 'moderation' });
    case 'threats':
      return t('reasons.threats', { ns: 'moderation' });
    case 'spam':
      return t('reasons.spam', { ns: 'moderation' });
    case 'private_info':
      return t('reasons.private_info', { ns: 'moderation' });
    case 'other':
      return t('reasons.other', { ns: 'moderation' });
    case 'safety':
      return t('reasons.safety', { ns: 'moderation' });
  }
}

/** What a moderator chooses to do, as a choice in the decide form. */
export function actionLabel(t: TFunction, action: ModerationAction): string {
  switch (action) {
    case 'dismiss':
      return t('actions.dismiss', { ns: 'moderation' });
    case 'hide':
      return t('actions.hide', { ns: 'moderation' });
    case 'remove':
      return t('actions.remove', { ns: 'moderation' });
    case 'warn':
      return t('actions.warn', { ns: 'moderation' });
    case 'mute':
      return t('actions.mute', { ns: 'moderation' });
    case 'remove_from_space':
      return t('actions.remove_from_space', { ns: 'moderation' });
    case 'suspend':
      return t('actions.suspend', { ns: 'moderation' });
  }
}

/** "A message", "A story"…: the subject of a log line. */
export function targetLabel(t: TFunction, target: string): string {
  switch (target as ReportTarget) {
    case 'message':
      return t('targets.message', { ns: 'moderation' });
    case 'story':
      return t('targets.story', { ns: 'moderation' });
    case 'comment':
      return t('targets.comment', { ns: 'moderation' });
    case 'event':
      return t('targets.event', { ns: 'moderation' });
    case 'user':
      return t('targets.user', { ns: 'moderation' });
    default:
      return t('targets.other', { ns: 'moderation' });
  }
}

export function kindLabel(t: TFunction, kind: string): string {
  switch (kind) {
    case 'report':
      return t('kinds.report', { ns: 'moderation' });
    case 'safeguarding':
      return t('kinds.safeguarding', { ns: 'moderation' });
    case 'watched_word':
      return t('kinds.watched_word', { ns: 'moderation' });
    case 'first_message':
      return t('kinds.first_message', { ns: 'moderation' });
    default:
      return kind;
  }
}

export function countryLabel(t: TFunction, country: string): string {
  switch (country) {
    case 'dk':
      return t('countries.dk', { ns: 'moderation' });
    case 'fi':
      return t('countries.fi', { ns: 'moderation' });
    case 'hu':
      return t('countries.hu', { ns: 'moderation' });
    case 'rs':
      return t('countries.rs', { ns: 'moderation' });
    case 'si':
      return t('countries.si', { ns: 'moderation' });
    default:
      return t('countries.general', { ns: 'moderation' });
  }
}

export function wordActionLabel(t: TFunction, action: WatchedWordAction): string {
  switch (action) {
    case 'block':
      return t('wordActions.block', { ns: 'moderation' });
    case 'approve':
      return t('wordActions.approve', { ns: 'moderation' });
    case 'flag':
      return t('wordActions.flag', { ns: 'moderation' });
  }
}

export function contentStateLabel(t: TFunction, state: string | null): string {
  switch (state) {
    case 'hidden':
      return t('states.hidden', { ns: 'moderation' });
    case 'removed':
      return t('states.removed', { ns: 'moderation' });
    case 'pending':
      return t('states.pending', { ns: 'moderation' });
    default:
      return t('states.visible', { ns: 'moderation' });
  }
}

/**
 * One plain sentence for a moderation step: "A message was removed", "A member was muted until …".
 * `until` arrives already formatted.
 */
export function logLine(t: TFunction, entry: { action: string; targetType: string; until: string | null }, until: string): string {
  const target = targetLabel(t, entry.targetType);
  switch (entry.action) {
    case 'dismiss':
      return t('log.lines.dismiss', { ns: 'moderation' });
    case 'hide':
      return t('log.lines.hide', { ns: 'moderation', target });
    case 'remove':
      return t('log.lines.remove', { ns: 'moderation', target });
    case 'auto_hide':
      return t('log.lines.auto_hide', { ns: 'moderation', target });
    case 'warn':
      return t('log.lines.warn', { ns: 'moderation' });
    case 'mute':
      return t('log.lines.mute', { ns: 'moderation', until });
    case 'remove_from_space':
      return t('log.lines.remove_from_space', { ns: 'moderation' });
    case 'suspend':
      return entry.until ? t('log.lines.suspendUntil', { ns: 'moderation', until }) : t('log.lines.suspendForGood', { ns: 'moderation' });
    case 'appeal_upheld':
      return t('log.lines.appeal_upheld', { ns: 'moderation' });
    case 'appeal_overturned':
      return t('log.lines.appeal_overturned', { ns: 'moderation' });
    default:
      return t('log.lines.other', { ns: 'moderation' });
  }
}
