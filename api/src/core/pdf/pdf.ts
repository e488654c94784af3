import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';

const require = createRequire(import.meta.url);

let pdfKit: typeof PDFKitDocument | null = null;
/**
 * PDFKit, loaded on the first PDF: loading it (fonts, Unicode tables) costs every API process a
 * third of a second at start, and most never write a PDF.
 */
export function loadPdfKit(): typeof PDFKitDocument {
  pdfKit ??= require('pdfkit') as typeof PDFKitDocument;
  return pdfKit;
}
/**
 * DejaVu Sans covers Hungarian ő ű, Slovenian č š ž and Serbian Cyrillic and Latin, which the PDF
 * standard fonts (WinAnsi) do not; pdfkit embeds only the glyphs a document uses.
 */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
export const MARGIN = 50;

export type Pdf = InstanceType<typeof PDFKitDocument>;

/** An A4 document with the shared fonts; `title` goes into the document's metadata. */
export function createPdf(title: string, layout: 'portrait' | 'landscape' = 'portrait'): Pdf {
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', layout, margin: MARGIN, info: { Title: title, Creator: 'Sorstárs' }, bufferPages: true });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('body');
  return doc;
}

/** Ends the document and answers its bytes. */
export function pdfBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export interface PdfColumn {
  label: string;
  /** Share of the line's width (the shares need not add up to 1). */
  share: number;
}

/**
 * A table with ruled rows, its header repeated on every page it runs onto. `rowHeight` leaves room
 * to write by hand (a signature column); longer cells are cut with an ellipsis to stay on one row.
 */
export function drawTable(doc: Pdf, columns: readonly PdfColumn[], rows: readonly (readonly (string | number)[])[], rowHeight = 20): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = columns.reduce((s, c) => s + c.share, 0);
  const widths = columns.map((c) => (c.share / total) * width);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const line = (cells: readonly (string | number)[], font: 'body' | 'bold', height: number) => {
    if (doc.y + height > bottom()) {
      doc.addPage();
      line(columns.map((c) => c.label), 'bold', 20);
    }
    const top = doc.y;
    let x = left;
    doc.font(font).fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(String(cell), x + 3, top + 5, { width: widths[i]! - 6, height: height - 6, ellipsis: true, lineBreak: false });
      x += widths[i]!;
    });
    doc.moveTo(left, top + height).lineTo(left + width, top + height).lineWidth(0.5).stroke();
    doc.x = left;
    doc.y = top + height;
  };
  line(columns.map((c) => c.label), 'bold', 20);
  for (const r of rows) line(r, 'body', rowHeight);
  doc.font('body');
}
