import { CONTENT_NOTES, HANDBOOK_LICENCE_URLS, type HandbookLicence, type Locale } from '@sorstars/shared';
import type { RichTextDoc } from '@sorstars/shared/rich-text';
import { translate } from '../../../core/i18n/i18n.js';
import type { ChapterRow, EditionRow, EntryRow } from '../handbook.repository.js';
import type { Book } from './book.js';

/** Written out so every key is findable as a literal (the locales test checks each is used). */
const LICENCE_KEYS: Record<HandbookLicence, string> = {
  'CC-BY-SA-4.0': 'book.licences.ccBySa',
  'CC-BY-4.0': 'book.licences.ccBy',
  'CC0-1.0': 'book.licences.cc0',
};

const isFixedNote = (note: string) => (CONTENT_NOTES as readonly string[]).includes(note);

/** What an entry shows: the copy kept at publication, or the story as it is now before that. */
export function entryView(edition: Pick<EditionRow, 'status'>, e: EntryRow) {
  const published = edition.status === 'published';
  return {
    title: published ? e.title : (e.live_title ?? e.title),
    doc: (published ? e.content : e.live_content) as RichTextDoc | null,
    html: published ? e.html : (e.live_html ?? ''),
    contentWarnings: published ? e.content_warnings : (e.live_content_warnings ?? []),
    anonymous: published ? e.anonymous : (e.live_anonymous ?? true),
    // A published entry whose author later deleted their account keeps "a former member".
    name: published ? e.contributor_name : e.live_name,
    formerMember: published && !e.anonymous && e.contributor_name === null,
  };
}

/** The edition as the formats render it, in its first language. */
export function buildBook(edition: EditionRow, chapters: ChapterRow[], entries: EntryRow[]): Book {
  const lang: Locale = edition.languages[0] ?? 'en';
  const t = (key: string, params: Record<string, unknown> = {}) => translate(lang, 'handbook', key, params);
  const anonymous = t('book.anonymous');
  const formerMember = t('book.formerMember');
  const date = edition.published_at ?? edition.publish_at;
  const names = new Set<string>();
  let anyAnonymous = false;
  const bookChapters = chapters.map((c) => ({
    title: c.title,
    stories: entries
      .filter((e) => e.chapter_id === c.id && !e.withdrawn_at)
      .map((e) => {
        const v = entryView(edition, e);
        const byline = v.formerMember ? formerMember : v.anonymous || !v.name ? anonymous : v.name;
        if (byline === anonymous) anyAnonymous = true;
        else names.add(byline);
        return {
          title: v.title,
          byline,
          contentNotes: v.contentWarnings.map((n) => (isFixedNote(n) ? translate(lang, 'stories', `notes.${n}`) : n)),
          doc: v.doc,
          html: v.html,
        };
      }),
  }));
  const licenceName = t(LICENCE_KEYS[edition.licence]);
  return {
    title: edition.title,
    language: lang,
    organizationName: edition.organization_name,
    licence: edition.licence,
    licenceUrl: HANDBOOK_LICENCE_URLS[edition.licence],
    date,
    introduction: (edition.introduction as RichTextDoc | null) ?? null,
    introductionHtml: edition.introduction_html,
    contributors: [...[...names].sort((a, b) => a.localeCompare(b, lang)), ...(anyAnonymous ? [anonymous] : [])],
    chapters: bookChapters,
    words: {
      contents: t('book.contents'),
      introduction: t('book.introduction'),
      contributors: t('book.contributors'),
      licence: licenceName,
      licenceText: t('book.licenceText', { licence: licenceName }),
      publishedBy: t('book.publishedBy', { organization: edition.organization_name }),
      date: date ? t('book.date', { date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date) }) : '',
      contentNotes: t('book.contentNotes'),
    },
  };
}
