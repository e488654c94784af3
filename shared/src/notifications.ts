import type { ModerationAction } from './schemas/moderation.schema.js';

/**
 * Every kind of notification the API sends. The API's `notify` takes only these, and each has a
 * sentence under `events:notifications.kind.<kind>` in every language (test/i18n checks), so no
 * one is ever told just "you have a new notification".
 */
export const NOTIFICATION_KINDS = [
  'event.promoted',
  'event.reminder',
  'event.cancelled',
  'event.moved',
  'event.changed',
  /** To an organisation's admins, about 30 days before an event's registrations are deleted. */
  'event.registrations_retention',
  'moderation.hide',
  'moderation.remove',
  'moderation.warn',
  'moderation.mute',
  'moderation.remove_from_space',
  'moderation.suspend',
  'moderation.appeal_decided',
  'mentoring.requested',
  'mentoring.accepted',
  'mentoring.declined',
  'mentoring.paused',
  'mentoring.resumed',
  'mentoring.ended',
  'mentoring.expired',
  'mentoring.check_in',
  'mentoring.agreement_changed',
  // Direct conversations: never the words, never a preview; a request does not even say who.
  'conversation.message',
  'conversation.request',
  'conversation.outreach',
  'chat.mention',
  'chat.reply',
  'chat.message',
  // To keepers of the space: something there was reported (never who reported it).
  'review.report',
  // To safeguarding leads: someone is worried about a person's safety (no words, no names).
  'safeguarding.report',
  // Once a week, in-app only: what happened in one's spaces while away.
  'digest.weekly',
  // The handbook: editors hear of a withdrawal and of publication; authors are asked once more before it goes out.
  'handbook.withdrawn',
  'handbook.scheduled',
  'handbook.published',
] as const satisfies readonly (
  | `event.${string}`
  | `moderation.${Exclude<ModerationAction, 'dismiss'>}`
  | 'moderation.appeal_decided'
  | `conversation.${string}`
  | `mentoring.${string}`
  | `chat.${string}`
  | 'review.report'
  | 'safeguarding.report'
  | 'digest.weekly'
  | `handbook.${string}`
)[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/**
 * What people switch on and off, per channel. Kinds map onto these; "reports to review" is for
 * keepers and "safeguarding" for safeguarding leads, but anyone may hold the preference.
 */
export const NOTIFICATION_CATEGORIES = [
  'mentions',
  'replies',
  'direct_messages',
  'mentoring',
  'events',
  'waitlist',
  'moderation',
  'reports',
  'safeguarding',
  'handbook',
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];
export const NOTIFICATION_CHANNELS = ['inApp', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Categories whose pushes never carry any words of what was said: a phone's lock screen is not private. */
export const CONTENT_FREE_CATEGORIES: readonly NotificationCategory[] = ['direct_messages', 'mentoring', 'safeguarding'];

/** The category of a kind; `chat.message` is a direct message in a conversation of two, else it follows the space level alone. */
export function categoryOf(kind: NotificationKind, direct = false): NotificationCategory | null {
  if (kind === 'chat.mention') return 'mentions';
  if (kind === 'chat.reply') return 'replies';
  if (kind === 'chat.message') return direct ? 'direct_messages' : null;
  // Direct conversations and mentoring: private by nature, so their pushes never carry words.
  if (kind.startsWith('conversation.')) return 'direct_messages';
  if (kind.startsWith('mentoring.')) return 'mentoring';
  if (kind === 'review.report') return 'reports';
  if (kind === 'safeguarding.report') return 'safeguarding';
  if (kind === 'digest.weekly') return null;
  if (kind === 'event.promoted') return 'waitlist';
  if (kind.startsWith('event.')) return 'events';
  if (kind.startsWith('handbook.')) return 'handbook';
  return 'moderation';
}

export const SPACE_NOTIFICATION_LEVELS = ['all', 'mentions', 'none'] as const;
export type SpaceNotificationLevel = (typeof SPACE_NOTIFICATION_LEVELS)[number];
