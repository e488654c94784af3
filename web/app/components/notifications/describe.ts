import type { TFunction } from 'i18next';
import { isNotificationKind, type NotificationKind } from '@sorstars/shared';
import { defaultZone, formatShortDay, formatTime } from '~/components/events/time';
import { zoneTimeName } from '~/components/events/labels';
import { formatDayOnly } from '~/components/registrations/format';

/*
 * A notification in words, shared by the notifications page and the home page (pure, so the
 * server and the browser write the same text). `t` is the events namespace's translator.
 */

/** Kinds this page does not know (none today: the API sends only NOTIFICATION_KINDS) are left out, not shown vaguely. */
export const isKnown = <T extends { kind: string }>(n: T): n is T & { kind: NotificationKind } => isNotificationKind(n.kind);

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** One notification in words: every kind the API sends has its own sentence and, where there is one, a link. */
export function describe(
  t: TFunction,
  n: { kind: NotificationKind; data: Record<string, unknown> },
  locale: string,
  zone: string | null,
): { text: string; message: string | null; until: string | null; href: string | null; linkText: string } {
  const d = n.data;
  const title = str(d.title) ?? '';
  // The reader's own zone when known; otherwise the event's (or the language's usual one), named.
  const showZone = zone ?? str(d.timezone) ?? defaultZone(locale, null);
  const when = (iso: string | null) =>
    iso && !Number.isNaN(Date.parse(iso))
      ? `${formatShortDay(iso, locale, showZone)} ${formatTime(iso, locale, showZone)}${zone ? '' : ` ${zoneTimeName(t, showZone)}`}`
      : '';
  const occurrence = str(d.occurrence);
  const vars = { title, date: when(occurrence), newDate: when(str(d.startsAt)) };
  const text = t(`notifications.kind.${n.kind}`, vars);
  if (n.kind.startsWith('chat.')) {
    const slug = str(d.spaceSlug);
    const messageId = str(d.messageId);
    return {
      text: t(`notifications.kind.${n.kind}`, { author: str(d.authorName) ?? t('notifications.someone'), space: str(d.spaceName) ?? '' }),
      message: null,
      until: null,
      href: slug ? `/spaces/${encodeURIComponent(slug)}${messageId ? `?message=${messageId}` : ''}` : null,
      linkText: t('notifications.openMessage'),
    };
  }
  if (n.kind.startsWith('moderation.')) {
    const reason = str(d.reason) ?? str(d.note);
    const outcome = d.outcome === 'overturned' ? t('notifications.appealOverturned') : d.outcome === 'upheld' ? t('notifications.appealUpheld') : null;
    const until = str(d.until);
    return {
      text: outcome ? `${text} ${outcome}` : text,
      message: reason ? t('notifications.reason', { reason }) : null,
      until: until ? t('notifications.until', { date: when(until) }) : null,
      href: '/account/moderation',
      linkText: t('notifications.openModeration'),
    };
  }
  if (n.kind === 'review.report') {
    // Never who reported: the queue shows the rest to whoever keeps the space.
    const spaceId = str(d.spaceId);
    return {
      text: t('notifications.kind.review.report', { space: str(d.spaceName) ?? '' }),
      message: null,
      until: null,
      href: `/moderation?${new URLSearchParams({ kind: 'report', ...(spaceId ? { spaceId } : {}) })}`,
      linkText: t('notifications.openReview'),
    };
  }
  if (n.kind === 'safeguarding.report') return { text, message: null, until: null, href: '/moderation?kind=safeguarding', linkText: t('notifications.openReview') };
  if (n.kind === 'digest.weekly') {
    // The API gives only the spaces the reader may read at this moment, with their current names.
    const spaces = Array.isArray(d.spaces) ? (d.spaces as { name?: unknown; messages?: unknown }[]) : [];
    const lines = spaces.filter((s) => str(s.name)).map((s) => t('notifications.digestSpace', { space: s.name, count: Number(s.messages) || 0 }));
    return { text, message: lines.length ? lines.join(' · ') : null, until: null, href: '/spaces', linkText: t('notifications.openSpaces') };
  }
  if (n.kind.startsWith('conversation.')) {
    // Never the words: only that there is something, and where to read it.
    const conversationId = str(d.conversationId);
    return { text, message: null, until: null, href: conversationId ? `/messages/${conversationId}` : '/messages', linkText: t('notifications.openConversation') };
  }
  if (n.kind.startsWith('mentoring.')) {
    // Mentoring news is private and carries nothing of the conversation: just where to look.
    const matchId = str(d.matchId);
    return { text, message: null, until: null, href: matchId ? `/mentoring/matches/${matchId}` : '/mentoring', linkText: t('notifications.openMentoring') };
  }
  if (n.kind.startsWith('handbook.')) {
    // Authors asked once more go where one tap takes their story out; editors to the edition.
    const editionId = str(d.editionId);
    const publishAt = str(d.publishAt);
    const date = publishAt && !Number.isNaN(Date.parse(publishAt)) ? formatShortDay(publishAt, locale, showZone) : '';
    if (n.kind === 'handbook.scheduled') {
      return { text: t('notifications.kind.handbook.scheduled', { title, date }), message: null, until: null, href: '/account/handbook', linkText: t('notifications.withdrawFromHandbook') };
    }
    const href = editionId ? (n.kind === 'handbook.withdrawn' ? `/handbook/${editionId}/edit` : `/handbook/${editionId}`) : null;
    return { text: t(`notifications.kind.${n.kind}`, { title, storyTitle: str(d.storyTitle) ?? '' }), message: null, until: null, href, linkText: t('notifications.openHandbook') };
  }
  const eventId = str(d.eventId);
  const href = eventId ? `/events/${eventId}${occurrence ? `?${new URLSearchParams({ occurrence })}` : ''}` : null;
  const message = str(d.message);
  const base = { until: null, href, linkText: t('notifications.openEvent') };
  switch (n.kind) {
    case 'event.reminder':
      return { ...base, text: t('notifications.kind.event.reminder', { title, date: when(str(d.startsAt) ?? occurrence) }), message: null };
    case 'event.cancelled':
      return { ...base, text: occurrence ? t('notifications.cancelledDate', vars) : text, message: message ? t('details.hostMessage', { message }) : null };
    case 'event.registrations_retention': {
      const day = str(d.retentionUntil);
      return {
        ...base,
        text: t('notifications.kind.event.registrations_retention', { title, date: day ? formatDayOnly(day, locale) : '' }),
        message: null,
        href: eventId ? `/events/${eventId}/registrations` : null,
        linkText: t('notifications.openRegistrations'),
      };
    }
    case 'event.moved':
      return { ...base, text, message: message ? t('details.hostMessage', { message }) : null };
    default:
      return { ...base, text, message: null };
  }
}
