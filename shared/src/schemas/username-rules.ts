/**
 * What makes a username unsafe to show, beyond its characters' classes: invisible code points
 * (a name that renders as "admin" but is not, or renders as nothing) and letters from several
 * alphabets (a Latin name with one Cyrillic letter). Look-alikes of *other people's* names are
 * refused by the API, which compares UTS #39 skeletons.
 */

/** Default-ignorable code points render as nothing: U+034F, zero-width characters, Hangul fillers. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
/** A combining mark has nothing to sit on at the start; a name of marks only shows no letter. */
const STARTS_WITH_MARK = /^\p{M}/u;
/** Letters shared by scripts (e.g. the Japanese prolonged sound mark) say nothing about mixing. */
const SHARED_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** Scripts names are written in here; a letter in none of them counts as one more script. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam',
  'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee',
  'Canadian_Aboriginal', 'Tifinagh', 'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const);

/**
 * Scripts that are written together (UTS #39 "highly restrictive"): Japanese, Chinese with
 * Bopomofo, Korean, each with Latin. Any other mix of scripts is refused.
 */
const WRITTEN_TOGETHER: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

function scriptOf(letter: string): string | null {
  if (SHARED_SCRIPT.test(letter)) return null;
  return SCRIPT_TESTS.find(([, test]) => test.test(letter))?.[0] ?? 'Other';
}

/** The scripts a name's letters are written in (shared letters, digits and marks count for none). */
export function scriptsOf(name: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of name) {
    if (!/\p{L}/u.test(char)) continue;
    const script = scriptOf(char);
    if (script) scripts.add(script);
  }
  return scripts;
}

export type UsernameProblem = 'validation.usernameInvisible' | 'validation.usernameMixedScripts';

/** Why a (NFC-normalised) username is unsafe to show, or null when it is fine. */
export function usernameProblem(name: string): UsernameProblem | null {
  if (INVISIBLE.test(name) || STARTS_WITH_MARK.test(name)) return 'validation.usernameInvisible';
  const scripts = [...scriptsOf(name)];
  if (scripts.length <= 1) return null;
  if (scripts.includes('Other')) return 'validation.usernameMixedScripts';
  return WRITTEN_TOGETHER.some((group) => scripts.every((s) => group.includes(s))) ? null : 'validation.usernameMixedScripts';
}
