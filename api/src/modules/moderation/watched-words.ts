import type { WatchedWordAction } from '@sorstars/shared';

/**
 * Text folded so a watched word is found through case, diacritics, zero-width characters and
 * common look-alike letters (Cyrillic and Greek homoglyphs, digits and symbols used as letters).
 */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's',
  ß: 'ss', æ: 'ae', ø: 'o', đ: 'd', ł: 'l', ı: 'i',
};
// Format and filler characters; combining marks (variation selectors, joiners) go with \p{M} below.
const INVISIBLE = /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF]/g;

export function foldForMatching(text: string): string {
  const stripped = text.normalize('NFKD').replace(INVISIBLE, '').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of stripped) out += LOOK_ALIKES[ch] ?? ch;
  return out;
}

export interface WatchedWord {
  word: string;
  action: WatchedWordAction;
}

const STRICTNESS: Record<WatchedWordAction, number> = { flag: 1, approve: 2, block: 3 };

/**
 * The strictest action of the watched words found in `text`, matched on whole words after folding
 * (so "class" does not match "ass"), or null. Letters spread out with separators ("i.d.i.o.t")
 * are joined before matching.
 */
export function screen(text: string, words: WatchedWord[]): { action: WatchedWordAction; word: string } | null {
  if (!words.length) return null;
  const folded = foldForMatching(text);
  // Lookarounds, not \b: \b knows only ASCII letters (and counts "_" as one), so "б.у.д.а.л.а" and "k_r_e_t_e_n" slipped through.
  const joined = folded.replace(/(?<![\p{L}\p{N}])(\p{L})(?:[\s._\-*]+(?=\p{L}(?![\p{L}\p{N}])))/gu, '$1');
  let found: { action: WatchedWordAction; word: string } | null = null;
  for (const w of words) {
    const needle = foldForMatching(w.word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${needle}(?![\\p{L}\\p{N}])`, 'u');
    if ((pattern.test(folded) || pattern.test(joined)) && (!found || STRICTNESS[w.action] > STRICTNESS[found.action])) {
      found = { action: w.action, word: w.word };
    }
  }
  return found;
}
