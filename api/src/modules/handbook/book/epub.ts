import epubGen, { type Chapter, type Options } from 'epub-gen-memory';
import opfTemplate from 'epub-gen-memory/dist/lib/templates/epub3/content.opf.ejs.js';
import type { Book } from './book.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escape(l)}</p>`).join('');

/**
 * The library's package document, with the edition's language and open licence instead of its
 * fixed "en" and "All rights reserved".
 */
const template = (opfTemplate as unknown as { default?: string }).default ?? (opfTemplate as unknown as string);
const contentOpf = (book: Book) =>
  template
    .replace('xml:lang="en"', `xml:lang="${book.language}"`)
    .replace('<meta property="dcterms:rights">All rights reserved</meta>', `<meta property="dcterms:rights">${escape(`${book.words.licence} ${book.licenceUrl}`)}</meta>`)
    .replace(/<dc:rights>[^<]*<%=[^%]*%>[^<]*<%=[^%]*%><\/dc:rights>/, `<dc:rights>${escape(`${book.words.licence} ${book.licenceUrl}`)}</dc:rights>`);

type Generate = (options: Options, content: Chapter[]) => Promise<Uint8Array>;
/** The package is CommonJS: its default export arrives wrapped or not depending on the loader. */
const generate = ((epubGen as unknown as { default?: Generate }).default ?? epubGen) as unknown as Generate;

/**
 * EPUB 3 through epub-gen-memory: front matter (licence, contributors), the introduction, one
 * section per story under its chapter, with content notes before the words. The creator is the
 * organisation: no person's name is in the metadata.
 */
export async function renderEpub(book: Book): Promise<Buffer> {
  const w = book.words;
  const front = [
    `<p>${escape(w.publishedBy)}</p>`,
    book.date ? `<p>${escape(w.date)}</p>` : '',
    `<h2>${escape(w.licence)}</h2><p>${escape(w.licenceText)}</p><p><a href="${escape(book.licenceUrl)}">${escape(book.licenceUrl)}</a></p>`,
    `<h2>${escape(w.contributors)}</h2>${paragraphs(book.contributors)}`,
  ].join('');
  const chapters: { title: string; content: string; beforeToc?: boolean; excludeFromToc?: boolean }[] = [
    { title: book.title, content: front, beforeToc: true, excludeFromToc: true },
  ];
  if (book.introductionHtml) chapters.push({ title: w.introduction, content: book.introductionHtml });
  for (const chapter of book.chapters) {
    chapters.push({ title: chapter.title, content: '' });
    for (const story of chapter.stories) {
      const notes = story.contentNotes.length ? `<aside><p><strong>${escape(w.contentNotes)}</strong> ${escape(story.contentNotes.join(', '))}</p></aside>` : '';
      chapters.push({ title: story.title, content: `<p><em>${escape(story.byline)}</em></p>${notes}${story.html}` });
    }
  }
  const buffer = await generate(
    {
      title: book.title,
      author: [book.organizationName],
      publisher: book.organizationName,
      description: `${w.licence} ${book.licenceUrl}`,
      lang: book.language,
      tocTitle: w.contents,
      date: (book.date ?? new Date()).toISOString(),
      contentOPF: contentOpf(book),
      ignoreFailedDownloads: true,
      verbose: false,
    },
    chapters,
  );
  return Buffer.from(buffer);
}
