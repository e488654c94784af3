import { DEFAULT_LOCALE, isLocale, type Locale } from '@sorstars/shared';
import { translate } from '../../core/i18n/i18n.js';
import { pushText, type PushSubject } from './push-text.js';

export interface EmailLinks {
  /** Where the news is. */
  open: string;
  /** The notification settings page. */
  settings: string;
  /** A page that turns e-mail off for this category without signing in. */
  unsubscribe: string;
}

export interface EmailText {
  subject: string;
  text: string;
  html: string;
}

const localeOf = (locale: string | null): Locale => (isLocale(locale) ? locale : DEFAULT_LOCALE);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text first; the HTML part is the same paragraphs, each link written out. */
function compose(locale: Locale, subject: string, paragraphs: string[], links: { label: string; url: string }[], footer: { label: string; url: string }[], note: string): EmailText {
  const text = [
    ...paragraphs,
    ...links.map((l) => `${l.label}: ${l.url}`),
    '-- ',
    note,
    ...footer.map((l) => `${l.label}: ${l.url}`),
  ].join('\n\n');
  const a = (l: { label: string; url: string }) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${[
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...links.map((l) => `<p>${a(l)}</p>`),
    `<hr><p><small>${escapeHtml(note)}</small></p>`,
    `<p><small>${footer.map(a).join(' · ')}</small></p>`,
  ].join('')}</body></html>`;
  return { subject, text, html };
}

/**
 * A notification by e-mail, in the recipient's language, under exactly the push's rules (the same
 * function puts it into words): direct messages, mentoring and safeguarding say only that
 * something is there; other kinds name their space or category, and carry a short preview only
 * for someone who turned previews on. The subject never carries a preview.
 */
export function notificationEmail(d: PushSubject, count: number, links: EmailLinks): EmailText {
  const locale = localeOf(d.locale);
  const t = (key: string) => translate(locale, 'events', key);
  const plain = pushText({ ...d, previews: false }, count);
  const shown = pushText(d, count);
  const paragraphs = shown.body !== plain.body ? [plain.body, shown.body] : [plain.body];
  return compose(
    locale,
    plain.body,
    paragraphs,
    [{ label: t('email.open'), url: links.open }],
    [
      { label: t('email.settings'), url: links.settings },
      { label: t('email.unsubscribe'), url: links.unsubscribe },
    ],
    t('email.why'),
  );
}

/** The confirmation e-mail for a newly added address. */
export function verificationEmail(localeName: string | null, links: { confirm: string; settings: string }): EmailText {
  const locale = localeOf(localeName);
  const t = (key: string) => translate(locale, 'events', key);
  return compose(
    locale,
    t('email.verifySubject'),
    [t('email.verifyBody')],
    [{ label: t('email.verifyLink'), url: links.confirm }],
    [{ label: t('email.settings'), url: links.settings }],
    t('email.verifyIgnore'),
  );
}
