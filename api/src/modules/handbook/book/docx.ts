import {
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  TableOfContents,
  TextRun,
  type ParagraphChild,
} from 'docx';
import type { Book } from './book.js';
import { blocksOf, type Block, type Run } from './blocks.js';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;
const NUMBERED = 'handbook-numbered';

function runs(list: Run[]): ParagraphChild[] {
  return list.map((r) => {
    const run = new TextRun({ text: r.text, bold: r.bold, italics: r.italic, break: r.breakBefore ? 1 : undefined, ...(r.href && { style: 'Hyperlink' }) });
    return r.href ? new ExternalHyperlink({ link: r.href, children: [run] }) : run;
  });
}

/** Story headings sit below the story's own title (level 3 and 4 in the document). */
function paragraphs(blocks: Block[], depth = 0, quote = false): Paragraph[] {
  return blocks.flatMap((b): Paragraph[] => {
    switch (b.type) {
      case 'heading':
        return [new Paragraph({ heading: HEADINGS[Math.min(b.level + 1, 4) - 1], children: runs(b.runs) })];
      case 'paragraph':
        return [new Paragraph({ children: runs(b.runs), ...(quote && { indent: { left: 720 } }) })];
      case 'quote':
        return paragraphs(b.blocks, depth, true);
      case 'list':
        return b.items.flatMap((item) =>
          item.flatMap((inner, i) =>
            inner.type === 'paragraph' && i === 0
              ? [new Paragraph({ children: runs(inner.runs), ...(b.ordered ? { numbering: { reference: NUMBERED, level: Math.min(depth, 5) } } : { bullet: { level: Math.min(depth, 5) } }) })]
              : paragraphs([inner], depth + 1, quote),
          ),
        );
    }
  });
}

const text = (t: string, opts: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text: t, ...opts })] });

/**
 * Word (DOCX) through the `docx` library: title page, licence and contributors, a table of
 * contents field (Word fills it in when the file opens), the introduction, chapters as heading 1,
 * stories as heading 2 with their content notes first. The document's creator is the organisation.
 */
export async function renderDocx(book: Book): Promise<Buffer> {
  const w = book.words;
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(book.title)] }),
    text(w.publishedBy),
    ...(book.date ? [text(w.date)] : []),
    // Front-matter titles are bold text, not headings: the table of contents lists the book's own parts.
    text(w.licence, { bold: true }),
    text(w.licenceText),
    new Paragraph({ children: [new ExternalHyperlink({ link: book.licenceUrl, children: [new TextRun({ text: book.licenceUrl, style: 'Hyperlink' })] })] }),
    text(w.contributors, { bold: true }),
    ...book.contributors.map((c) => text(c)),
    new Paragraph({ children: [new PageBreak()] }),
    text(w.contents, { bold: true }),
  ];
  const body: Paragraph[] = [];
  if (book.introduction) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(w.introduction)] }), ...paragraphs(blocksOf(book.introduction)));
  }
  for (const chapter of book.chapters) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(chapter.title)] }));
    for (const story of chapter.stories) {
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(story.title)] }), text(story.byline, { italics: true }));
      if (story.contentNotes.length) body.push(new Paragraph({ children: [new TextRun({ text: `${w.contentNotes} `, bold: true }), new TextRun(story.contentNotes.join(', '))] }));
      body.push(...paragraphs(blocksOf(story.doc)));
    }
  }
  const doc = new Document({
    creator: book.organizationName,
    lastModifiedBy: book.organizationName,
    title: book.title,
    description: `${w.licence} ${book.licenceUrl}`,
    features: { updateFields: true },
    numbering: {
      config: [{ reference: NUMBERED, levels: [0, 1, 2, 3, 4, 5].map((level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } } })) }],
    },
    sections: [{ properties: {}, children: [...children, new TableOfContents(w.contents, { hyperlink: true, headingStyleRange: '1-2' }) as unknown as Paragraph, ...body] }],
  });
  return Packer.toBuffer(doc);
}
