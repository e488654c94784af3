import type { Chapter, Options } from 'epub-gen-memory';
import type { Book } from './book.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escape(l)}</p>`).join('');

type Generate = (options: Options, content: Chapter[]) => Promise<Uint8Array>;

/**
 * The library (with its zip and template code, over a hundred modules) is loaded on the first
 * EPUB asked for, not when the API starts (see core/lazy-module.ts). Both modules are CommonJS:
 * their default export arrives wrapped or not depending on the loader.
 */
async function library(): Promise<{ generate: Generate; template: string }> {
  const [lib, opf] = await Promise.all([import('epub-gen-memory'), import('epub-gen-memory/dist/lib/templates/epub3/content.opf.ejs.js')]);
  const epubGen = lib.default as unknown as Generate | { default: Generate };
  const opfTemplate = opf.default as unknown as string | { default: string };
  return {
    generate: typeof epubGen === 'function' ? epubGen : epubGen.default,
    template: typeof opfTemplate === 'string' ? opfTemplate : opfTemplate.default,
  };
}

/**
 * The library's package document, with the edition's language and open licence instead of its
 * fixed "en" and "All rights reserved".
 */
const contentOpf = (template: string, book: Book) =>
  template
    .replace('xml:lang="en"', `xml:lang="${book.language}"`)
    .replace('<meta property="dcterms:rights">All rights reserved</meta>', `<meta property="dcterms:rights">${escape(`${book.words.licence} ${book.licenceUrl}`)}</meta>`)
    .replace(/<dc:rights>[^<]*<%=[^%]*%>[^<]*<%=[^%]*%><\/dc:rights>/, `<dc:rights>${escape(`${book.words.licence} ${book.licenceUrl}`)}</dc:rights>`);

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
  const { generate, template } = await library();
  const buffer = await generate(
    {
      title: book.title,
      author: [book.organizationName],
      publisher: book.organizationName,
      description: `${w.licence} ${book.licenceUrl}`,
      lang: book.language,
      tocTitle: w.contents,
      date: (book.date ?? new Date()).toISOString(),
      contentOPF: contentOpf(template, book),
      ignoreFailedDownloads: true,
      verbose: false,
    },
    chapters,
  );
  return Buffer.from(buffer);
}
