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
] as const satisfies readonly (
  | `event.${string}`
  | `moderation.${Exclude<ModerationAction, 'dismiss'>}`
  | 'moderation.appeal_decided'
  | `conversation.${string}`
  | `mentoring.${string}`
)[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}
