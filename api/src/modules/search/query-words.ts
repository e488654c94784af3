/**
 * The query as search uses it: words of letters and digits only. Quotes, operators (`& | ! :* \`),
 * NUL and every other symbol are separators, so nothing a person types can reach the tsquery
 * parser as syntax, and a long paste is cut to a few words before it costs anything.
 */
export const MAX_QUERY_WORDS = 6;
const MAX_WORD_LENGTH = 48;

export function queryWords(q: string): string[] {
  const words = q.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const unique = [...new Set(words.map((w) => w.slice(0, MAX_WORD_LENGTH)))];
  return unique.slice(0, MAX_QUERY_WORDS);
}

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm',
  н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
};
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = { đ: 'd', ø: 'o', æ: 'ae', ł: 'l', ß: 'ss', œ: 'oe' };

/** One character as the database's search_fold sees it: lower case, Latin, no diacritics. */
export function foldChar(c: string): string {
  const lower = c.toLowerCase();
  const latin = CYRILLIC[lower] ?? lower;
  return [...latin.normalize('NFD').replace(/\p{M}/gu, '')].map((x) => LETTERS_WITHOUT_DECOMPOSITION[x] ?? x).join('');
}

export const fold = (text: string) => [...text].map(foldChar).join('');

/**
 * How much of a word must match the start of a document's word: the stem-like prefix that also
 * catches inflections the snowball stemmers miss ("asunnon" → "asun…" finds "asunto").
 * The same rule is written in SQL in the search repository.
 */
export const prefixLength = (foldedLength: number) => Math.max(4, foldedLength - 3);
