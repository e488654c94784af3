import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPdfKit } from '../../../core/pdf/pdf.js';
import type { Book } from './book.js';
import { blocksOf, type Block, type Run } from './blocks.js';

/**
 * Fonts with every letter of the six languages (ő, ű, č, ć, đ, š, ž…): DejaVu Serif from the
 * `dejavu-fonts-ttf` package (the event PDFs use its Sans), so no system font package is needed;
 * HANDBOOK_FONT_DIR may name another directory with the same file names. Without them PDFKit's
 * built-in Times is used, which lacks some of those letters.
 */
const FONT_DIR = process.env.HANDBOOK_FONT_DIR ?? path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf'));
const FONT_FILES = { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf', boldItalic: 'DejaVuSerif-BoldItalic.ttf' };
const BUILT_IN = { regular: 'Times-Roman', bold: 'Times-Bold', italic: 'Times-Italic', boldItalic: 'Times-BoldItalic' };
type Face = keyof typeof FONT_FILES;
/** One line per title at this size fits an A5 page with its heading. */
const TOC_LINES_PER_PAGE = 24;

function fonts(): Record<Face, string> {
  const found = Object.values(FONT_FILES).every((f) => fs.existsSync(path.join(FONT_DIR, f)));
  return found ? (Object.fromEntries(Object.entries(FONT_FILES).map(([k, f]) => [k, path.join(FONT_DIR, f)])) as Record<Face, string>) : BUILT_IN;
}

const faceOf = (r: { bold?: boolean; italic?: boolean }): Face => (r.bold && r.italic ? 'boldItalic' : r.bold ? 'bold' : r.italic ? 'italic' : 'regular');

/**
 * A print-ready A5 PDF through PDFKit: title page, licence and contributors, a table of contents
 * with page numbers (pages are buffered, so the contents page is filled in at the end), then the
 * introduction and the stories, content notes first; page numbers in the footer. The document's
 * author is the organisation.
 */
export async function renderPdf(book: Book): Promise<Buffer> {
  const f = fonts();
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A5',
    margins: { top: 54, bottom: 60, left: 50, right: 50 },
    bufferPages: true,
    lang: book.language,
    displayTitle: true,
    info: { Title: book.title, Author: book.organizationName, Creator: book.organizationName, Producer: 'Sorstárs', Subject: `${book.words.licence} ${book.licenceUrl}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const w = book.words;
  const font = (face: Face, size: number) => doc.font(f[face]).fontSize(size);

  const writeRuns = (runs: Run[], size: number, indent = 0) => {
    if (!runs.length) return void doc.moveDown(0.5);
    runs.forEach((r, i) => {
      font(faceOf(r), size);
      const text = r.breakBefore ? `\n${r.text}` : r.text;
      doc.fillColor(r.href ? '#1a4f9c' : 'black').text(text, { continued: i < runs.length - 1, indent, link: r.href ?? undefined, underline: !!r.href });
    });
    doc.fillColor('black').moveDown(0.4);
  };
  const writeBlocks = (blocks: Block[], indent = 0) => {
    for (const b of blocks) {
      if (b.type === 'heading') writeRuns(b.runs.map((r) => ({ ...r, bold: true })), b.level === 2 ? 13 : 12, indent);
      else if (b.type === 'paragraph') writeRuns(b.runs, 11, indent);
      else if (b.type === 'quote') writeBlocks(b.blocks, indent + 18);
      else
        b.items.forEach((item, i) => {
          const [first, ...rest] = item;
          const marker = b.ordered ? `${i + 1}. ` : '• ';
          if (first?.type === 'paragraph') writeRuns([{ text: marker }, ...first.runs], 11, indent + 12);
          else writeRuns([{ text: marker }], 11, indent + 12);
          writeBlocks(first?.type === 'paragraph' ? rest : item, indent + 24);
        });
    }
  };

  // Title page and front matter.
  font('bold', 22).text(book.title, { align: 'center' });
  doc.moveDown(1);
  font('regular', 12).text(w.publishedBy, { align: 'center' });
  if (book.date) font('regular', 11).text(w.date, { align: 'center' });
  doc.addPage();
  font('bold', 13).text(w.licence);
  font('regular', 10).text(w.licenceText).text(book.licenceUrl, { link: book.licenceUrl, underline: true });
  doc.moveDown(1);
  font('bold', 13).text(w.contributors);
  font('regular', 10).text(book.contributors.join(', '));
  // The contents pages are written last, once the page numbers are known.
  const tocLines = (book.introduction ? 1 : 0) + book.chapters.reduce((n, c) => n + 1 + c.stories.length, 0);
  const contentsPages = Math.max(1, Math.ceil(tocLines / TOC_LINES_PER_PAGE));
  const firstContentsPage = doc.bufferedPageRange().count;
  for (let i = 0; i < contentsPages; i++) doc.addPage();
  const toc: { title: string; level: number; page: number }[] = [];

  if (book.introduction) {
    doc.addPage();
    toc.push({ title: w.introduction, level: 0, page: doc.bufferedPageRange().count });
    font('bold', 16).text(w.introduction).moveDown(0.5);
    writeBlocks(blocksOf(book.introduction));
  }
  for (const chapter of book.chapters) {
    doc.addPage();
    toc.push({ title: chapter.title, level: 0, page: doc.bufferedPageRange().count });
    font('bold', 16).text(chapter.title).moveDown(0.8);
    for (const story of chapter.stories) {
      toc.push({ title: story.title, level: 1, page: doc.bufferedPageRange().count });
      font('bold', 14).text(story.title);
      font('italic', 10).text(story.byline).moveDown(0.4);
      if (story.contentNotes.length) {
        font('bold', 10).text(`${w.contentNotes} `, { continued: true });
        font('regular', 10).text(story.contentNotes.join(', ')).moveDown(0.4);
      }
      writeBlocks(blocksOf(story.doc));
      doc.moveDown(1);
    }
  }

  for (let p = 0; p < contentsPages; p++) {
    doc.switchToPage(firstContentsPage + p);
    if (p === 0) font('bold', 16).text(w.contents).moveDown(0.6);
    for (const item of toc.slice(p * TOC_LINES_PER_PAGE, (p + 1) * TOC_LINES_PER_PAGE)) {
      font(item.level ? 'regular' : 'bold', 10).text(`${item.title.slice(0, 48)}  …  ${item.page}`, { indent: item.level * 14, lineBreak: false }).moveDown(0.25);
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    font('regular', 9).text(String(i + 1), 0, doc.page.height - 36, { align: 'center', width: doc.page.width });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
