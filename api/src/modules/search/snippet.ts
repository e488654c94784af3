import { fold, foldChar, prefixLength } from './query-words.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/**
 * A short passage of `text` around the first matching word, HTML-escaped, with every word that
 * matches a query word (folded: no case, diacritics or script differences; by its stem-like
 * prefix) wrapped in `<mark>`. Everything else is escaped, so the result is safe as HTML.
 */
export function highlight(text: string, words: readonly string[], width = 220): string {
  const stems = words.map(fold).map((w) => (w.length <= 4 ? w : w.slice(0, prefixLength(w.length))));
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
  const hits = tokens.filter((t) => {
    const folded = [...t.word].map(foldChar).join('');
    return stems.some((s) => s.length > 0 && folded.startsWith(s));
  });
  let from = 0;
  if (hits.length && hits[0].start > width / 3) {
    from = hits[0].start - Math.floor(width / 3);
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < hits[0].start) from = space + 1;
  }
  let to = Math.min(text.length, from + width);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from + width / 2) to = space;
  }
  let out = from > 0 ? '… ' : '';
  let at = from;
  for (const hit of hits) {
    if (hit.start < from || hit.end > to) continue;
    out += `${escapeHtml(text.slice(at, hit.start))}<mark>${escapeHtml(hit.word)}</mark>`;
    at = hit.end;
  }
  out += escapeHtml(text.slice(at, to));
  return to < text.length ? `${out} …` : out;
}
