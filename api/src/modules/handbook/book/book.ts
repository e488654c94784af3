import type { HandbookLicence, Locale } from '@sorstars/shared';
import type { RichTextDoc } from '@sorstars/shared/rich-text';

/**
 * One edition as every format renders it: words already chosen for the reader (the front matter in
 * the edition's first language, contributors as their chosen name or "Anonymous"). Nothing here
 * carries a username or an id of a person, so no format can leak one, not even in its metadata.
 */
export interface Book {
  title: string;
  language: Locale;
  organizationName: string;
  licence: HandbookLicence;
  licenceUrl: string;
  /** The date printed in the front matter: publication, or the planned one for a preview. */
  date: Date | null;
  introduction: RichTextDoc | null;
  introductionHtml: string;
  /** Contributors' chosen names, then "Anonymous" once when anyone chose it. */
  contributors: string[];
  chapters: BookChapter[];
  /** Front-matter words in the edition's language. */
  words: BookWords;
}

export interface BookChapter {
  title: string;
  stories: BookStory[];
}

export interface BookStory {
  title: string;
  /** Chosen name, or the translated "Anonymous". */
  byline: string;
  /** Content notes in words, shown before the story. */
  contentNotes: string[];
  doc: RichTextDoc | null;
  html: string;
}

export interface BookWords {
  contents: string;
  introduction: string;
  contributors: string;
  licence: string;
  licenceText: string;
  publishedBy: string;
  date: string;
  contentNotes: string;
}
