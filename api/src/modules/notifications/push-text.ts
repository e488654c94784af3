import { CONTENT_FREE_CATEGORIES, DEFAULT_LOCALE, isLocale, type NotificationCategory } from '@sorstars/shared';
import { translate } from '../../core/i18n/i18n.js';

/** What a push needs to be put into words: the notification, and its recipient's language and choices. */
export interface PushSubject {
  kind: string;
  category: string | null;
  data: Record<string, unknown>;
  locale: string | null;
  /** Whether the person turned previews on (off by default). */
  previews: boolean;
  timezone: string | null;
  /** The first words of the message, read only for someone with previews on, never for the private categories. */
  preview_text: string | null;
}

/** Without a preview, a push says only what kind of news it is. */
const CATEGORY_LINE: Record<string, string> = { events: 'push.events', waitlist: 'push.waitlist', moderation: 'push.moderation' };

/** A preview is a glance, not the message: this many characters at most. */
export const PREVIEW_MAX_CHARS = 100;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Cut to `max` characters (code points, so no emoji is split), ending in "…" when cut. */
export function shorten(text: string, max = PREVIEW_MAX_CHARS): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * The words on a phone's lock screen, in the recipient's language. Direct messages, mentoring and
 * safeguarding say only that something is there, whatever the person chose. Other kinds name the
 * space (chat, reports) or their category; with previews on, a short line of what happened (for
 * chat the author and the first words). `count` > 1 is a conversation's batch.
 */
export function pushText(d: PushSubject, count: number): { title: string; body: string } {
  const locale = isLocale(d.locale) ? d.locale : DEFAULT_LOCALE;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, 'events', key, params);
  const app = t('push.appName');
  const space = str(d.data.spaceName);
  if (d.category && CONTENT_FREE_CATEGORIES.includes(d.category as NotificationCategory)) {
    return { title: app, body: count > 1 ? t('push.privateMany', { count }) : t('push.private') };
  }
  if (d.kind.startsWith('chat.')) {
    if (!space) return { title: app, body: count > 1 ? t('push.privateMany', { count }) : t('push.private') };
    if (count > 1) return { title: space, body: t('push.messages', { count, space }) };
    const preview = d.previews && d.preview_text ? shorten(`${str(d.data.authorName) ?? t('notifications.someone')}: ${d.preview_text}`) : null;
    const key = d.kind === 'chat.mention' ? 'push.mention' : d.kind === 'chat.reply' ? 'push.reply' : 'push.message';
    return { title: space, body: preview ?? t(key, { space }) };
  }
  if (d.kind === 'review.report') return { title: space ?? app, body: t('push.reports', { space: space ?? app }) };
  if (!d.previews) return { title: app, body: t(CATEGORY_LINE[d.category ?? ''] ?? 'push.other') };
  return { title: app, body: shorten(t(`notifications.kind.${d.kind}`, sentenceParams(d, locale))) };
}

/** What the in-app sentence of an event or moderation kind names: the title and dates in the person's zone. */
function sentenceParams(d: PushSubject, locale: string): Record<string, string> {
  const when = (iso: string | null) => {
    if (!iso || Number.isNaN(Date.parse(iso))) return '';
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: d.timezone ?? str(d.data.timezone) ?? 'UTC' }).format(new Date(iso));
    } catch {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
    }
  };
  return { title: str(d.data.title) ?? '', date: when(str(d.data.occurrence) ?? str(d.data.startsAt)), newDate: when(str(d.data.startsAt)) };
}
