import { CONFUSABLES_DATA } from './confusables.data.js';

/** Source code point → its prototype, parsed once from the vendored confusables.txt data. */
const PROTOTYPES: ReadonlyMap<number, string> = new Map(
  CONFUSABLES_DATA.split(';').map((entry) => {
    const [source, target] = entry.split(':');
    return [parseInt(source, 16), String.fromCodePoint(...target.split(' ').map((hex) => parseInt(hex, 16)))];
  }),
);

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * UTS #39 skeleton: two strings with the same skeleton look alike ("аdmin" with a Cyrillic а,
 * "admın", "admin" + U+034F all give the skeleton of "admin"). NFD, drop default-ignorable code
 * points, replace each code point by its prototype, NFD again.
 */
export function skeleton(text: string): string {
  let out = '';
  for (const char of text.normalize('NFD').replace(DEFAULT_IGNORABLE, '')) out += PROTOTYPES.get(char.codePointAt(0)!) ?? char;
  return out.normalize('NFD');
}

/**
 * The key two names are compared by: alike when they look alike in any case. The skeleton is
 * taken before folding case (a Cyrillic "М" looks like "M", its lower case "м" not like "m") and
 * again after it ("M" folds to "m", whose prototype is "rn").
 */
export function nameSkeleton(name: string): string {
  return skeleton(skeleton(name.normalize('NFKC')).toLowerCase());
}
