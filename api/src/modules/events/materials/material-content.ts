import path from 'node:path';
import { MATERIAL_TYPES, type MaterialType } from '@sorstars/shared';

/**
 * What a file is, by its bytes. The browser's Content-Type and the file's name say nothing we can
 * trust; file-type reads the magic numbers (and, for Office and OpenDocument, the ZIP's content
 * listing). Files with no magic number count as plain text only when they are valid UTF-8
 * without control characters, named .txt, and do not open like markup: an HTML page renamed
 * ".pdf" or ".txt" is refused rather than served.
 */
export async function materialTypeOf(bytes: Buffer, fileName: string): Promise<MaterialType | null> {
  // Loaded on first use (see core/lazy-module.ts).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime in MATERIAL_TYPES ? (found.mime as MaterialType) : null;
  const extension = path.extname(fileName).toLowerCase();
  if (extension !== '.txt' && extension !== '') return null;
  return isPlainText(bytes) ? 'text/plain' : null;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
const MARKUP = /^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe|object|meta)\b/i;

function isPlainText(bytes: Buffer): boolean {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  const text = decoded.replace(/^\uFEFF/, '');
  return !CONTROL.test(text) && !MARKUP.test(text.slice(0, 1024));
}

/**
 * A name safe in a Content-Disposition header and on any disk: letters, digits, spaces, dots,
 * dashes and underscores from the uploaded name, at most 100 characters, ending in the extension
 * of the type the bytes showed (a PNG called "agenda.exe" is served as "agenda.png").
 */
export function safeFileName(uploaded: string, type: MaterialType): string {
  const base = path.basename(uploaded.replace(/\\/g, '/'), path.extname(uploaded))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
    .replace(/^[.\s_]+|[.\s]+$/g, '')
    .slice(0, 100);
  return `${base || 'file'}.${MATERIAL_TYPES[type]}`;
}
