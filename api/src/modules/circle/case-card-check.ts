import type { CountryCode } from 'libphonenumber-js';
import { lazyModule } from '../../core/lazy-module.js';
import { COMMON_FIRST_NAMES } from './first-names.js';
import { fold } from './fold.js';

/** Loaded on the first check (over a hundred modules of metadata), not when the API starts. */
const phoneNumbers = lazyModule<typeof import('libphonenumber-js')>('libphonenumber-js');

/**
 * The screen a case card passes before it is stored: a card talks about a situation, never about
 * a findable person. Pure (no I/O), so it is tested as a table of real-looking texts and the
 * service, the web form and any future import give the same answer.
 *
 * It reports the KINDS of detail it found, never the detail itself, so an error message cannot
 * echo a phone number back into a log or a screen.
 */
export type IdentifyingKind = 'name' | 'username' | 'phone' | 'email' | 'address' | 'profile';

/** What the mentee's own profile says about them: their name, handle, city and "about" text. */
export interface MenteeStrings {
  displayName?: string | null;
  username?: string | null;
  city?: string | null;
  about?: string | null;
}

/** Hungary, Denmark, Finland, Serbia, Slovenia; "+XX …" numbers parse in any of them. */
const COUNTRIES: readonly CountryCode[] = ['HU', 'DK', 'FI', 'RS', 'SI'];


const words = (s: string) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*[\p{L}\p{N}-]+)*\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*(?:com|net|org|hu|dk|fi|rs|si|eu|info|io|me|de|uk|at|se|no)\b/iu;
const EMAIL_PLAIN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;

/** A handle: "@kata_77" (but not an e-mail address, which the e-mail rule reports). */
const HANDLE = /(?:^|[\s(,;:"'“„])@[\p{L}\p{N}_.-]{2,}/u;

/** Words a street name ends in or starts with, in the six languages and English. */
const STREET_WORD_HU = String.raw`(?:utca|u\.|útja|út|tér|tere|körút|krt\.|köz|sor|fasor|rakpart|sétány|lépcső|dűlő|liget|park)`;
/** Serbian and Slovene streets may name the street word first: "ulica Kralja Petra 12", "Bulevar oslobođenja 5". */
const STREET_WORD_FIRST = String.raw`(?:ulica|ul\.|bulevar|bul\.|trg|улица|ул\.|булевар|трг)`;
/** Either case of the first letter: "Allé" and "allé", "Street" and "street". */
const eitherCase = (list: string) => `(?:${list.split(' ').map((w) => `[${w[0].toUpperCase()}${w[0]}]${w.slice(1).replace(/\./g, '\\.')}`).join('|')})`;
const STREET_WORD_SEP = eitherCase('ulica ul. cesta c. bulevar bul. blvd. blvd trg put sokak nabrežje obala naselje улица ул. булевар трг пут street st. st road rd. rd avenue ave. ave lane ln. drive square way alle allé vej gade boulevard');
const STREET_SUFFIX_GLUED = String.raw`(?:vej|vejen|gade|gaden|allé|alle|stræde|strædet|plads|torv|vænge|parken|katu|kadun|tie|tien|kuja|polku|raitti|väylä|kaari|ranta|puistikko|tori|torg|strasse|straße|ulica|cesta)`;
const HOUSE = String.raw`\d{1,4}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[/-]\s?\d{1,4})?`;
const CAP = String.raw`\p{Lu}[\p{L}'’.-]*`;

const ADDRESS_PATTERNS: readonly RegExp[] = [
  // Hungarian: "Rákóczi út 12", "Szentkirályi u. 3/b", "Kossuth Lajos utca 5.", "Deák Ferenc tér 1"
  new RegExp(String.raw`${CAP}(?:\s+${CAP}){0,3}\s+${STREET_WORD_HU}\s+${HOUSE}`, 'u'),
  // Street word first or last, as separate words: "ulica Kralja Petra 12", "Slovenska cesta 5",
  // "Bulevar oslobođenja 5", "Østre Allé 3", "Baker Street 221b"
  new RegExp(String.raw`(?:^|[^\p{L}])${STREET_WORD_FIRST}\s+(?:\p{L}[\p{L}'’.-]*\s+){0,3}${HOUSE}(?![\p{L}\p{N}])`, 'iu'),
  new RegExp(String.raw`${CAP}(?:\s+\p{L}[\p{L}'’.-]*){0,3}\s+${STREET_WORD_SEP}\s+${HOUSE}(?![\p{L}\p{N}])`, 'u'),
  // Glued Danish and Finnish street names: "Nørregade 12", "Søndervej 4 st. tv.", "Hämeenkatu 12 B 4", "Mannerheimintie 5"
  new RegExp(String.raw`\p{Lu}\p{L}*${STREET_SUFFIX_GLUED}\s+${HOUSE}(?![\p{L}\p{N}])`, 'u'),
  // Slovene/Serbian names ending in "-ova/-eva/-ska ulica" glued as "Trubarjeva 3"
  new RegExp(String.raw`\p{Lu}\p{L}+(?:jeva|ova|eva|ska|ška|čka)\s+(?:ulica\s+|cesta\s+)?${HOUSE}(?![\p{L}\p{N}])`, 'u'),
  // English number-first: "12 Baker Street", "4 Elm Rd"
  new RegExp(String.raw`(?:^|[^\p{L}\p{N}])\d{1,4}[a-z]?\s+${CAP}(?:\s+${CAP}){0,2}\s+(?:street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|close|crescent|way)(?![\p{L}])`, 'iu'),
  // Serbian street named after a person, no street word: "Cara Dušana 15", "Kralja Petra 12"
  new RegExp(String.raw`(?:Cara|Kralja|Kneza|Kneginje|Vojvode|Despota|Bate|Narodnog|Maršala)\s+${CAP}(?:\s+${CAP})?\s+${HOUSE}(?![\p{L}\p{N}])`, 'u'),
];

/** "her name is X", "a neve X", "hedder X", "nimeltään X", "zove se X", "ji je ime X", "Mr X". */
const NAME_INTRO = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:named|called|name is|name's|neve|nevű|hívják|hívnak|hedder|kaldet|navn er|nimeltään|nimi on|nimeltä|zove se|зове се|ime mu je|ime joj je|ime je|mu je ime|ji je ime|po imenu|imenom|mr\.?|mrs\.?|ms\.?|miss|hr\.|fru|herra|rouva|neiti|gospodin|gospođa|gospa|g\.|ga\.)\s+${CAP}`,
  'iu',
);
// "Mr", "Hr." etc. above only count before a capital; a lowercase "ms" never meant a name.

/** Two capitalised words whose second is shaped like a surname in the region: "Mette Jensen", "Juha Virtanen", "Milica Jovanović". */
const FULL_NAME = new RegExp(String.raw`\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}*(?:sen|ssen|nen|inen|ić|ič|vić|vič|ović|ević|ski|ska|ová|ffy|né)(?![\p{L}])`, 'u');
/** Serbian/Slovene -ović/-ević surnames are surnames even alone. */
const SURNAME_ALONE = /\p{Lu}\p{Ll}*(?:ović|ević|ovič|evič|ijević)(?![\p{L}])/u;

/** Dates and clock times are digits too; they are blanked before looking for phone numbers. */
const DATES_AND_TIMES = /(?<![\d+\-/.])(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}:\d{2})(?![\d\-/])/g;

function findsPhone(original: string): boolean {
  const text = original.replace(DATES_AND_TIMES, ' ');
  // Every digit run that could be a number, read as each country's national format and as "+XX".
  for (const country of COUNTRIES) {
    if (phoneNumbers.get().findPhoneNumbersInText(text, { defaultCountry: country }).length > 0) return true;
  }
  // Numbers written the way people do when a parser would not accept them: "06 30 123 4567",
  // "+36-30-1234567", "0036 30 …". Eight or more digits in a group joined by spaces, dots,
  // dashes, slashes or brackets, that is not a date or a time.
  for (const match of text.matchAll(/(?:\+|00)?\(?\d[\d\s()./-]{6,}\d/g)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) continue;
    if (/^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(match[0].trim())) continue;
    return true;
  }
  return false;
}

/** The whole value, word for word, somewhere in the card ("Novi Sad", "kata 77"). */
function containsPhrase(cardFolded: string, value: string | null | undefined): boolean {
  const valueWords = value ? words(value) : [];
  if (valueWords.join('').length < 3) return false;
  return ` ${words(cardFolded).join(' ')} `.includes(` ${valueWords.join(' ')} `);
}

/** Little words a display name may hold ("Kata the Brave", "Mor af to") that say nothing about who. */
const FUNCTION_WORDS = new Set('the and for from with von van der den det med til fra egy meg vagy ova ali ter kot ili kao sin'.split(' '));

/** Any word of three letters or more of the value (a first name alone is enough to find someone). */
const containsAnyWord = (cardWords: ReadonlySet<string>, value: string | null | undefined) =>
  !!value && words(value).some((w) => w.length >= 3 && !FUNCTION_WORDS.has(w) && cardWords.has(w));

/** Any six consecutive words of the mentee's "about" text, copied into the card. */
function quotesAbout(cardFolded: string, about: string | null | undefined): boolean {
  if (!about) return false;
  const aboutWords = words(about);
  const card = ` ${words(cardFolded).join(' ')} `;
  const span = Math.min(6, aboutWords.length);
  if (span < 3) return false;
  for (let i = 0; i + span <= aboutWords.length; i++) {
    if (card.includes(` ${aboutWords.slice(i, i + span).join(' ')} `)) return true;
  }
  return false;
}

function findsName(text: string): boolean {
  if (NAME_INTRO.test(text) || FULL_NAME.test(text) || SURNAME_ALONE.test(text)) return true;
  // Common first names of the six countries, written as names (with a capital letter).
  for (const m of text.matchAll(/\p{Lu}[\p{Ll}]+/gu)) if (COMMON_FIRST_NAMES.has(fold(m[0]))) return true;
  return false;
}

/**
 * The kinds of identifying detail found in a card's alias and text, in a fixed order; empty when
 * the card may be posted. `mentee` holds the mentee's own profile strings when they have any.
 */
export function findIdentifyingDetails(text: string, mentee: MenteeStrings = {}): IdentifyingKind[] {
  const found = new Set<IdentifyingKind>();
  const cardFolded = fold(text);
  const cardWords = new Set(words(text));
  if (EMAIL_PLAIN.test(text) || EMAIL.test(text)) found.add('email');
  if (HANDLE.test(text.replace(EMAIL_PLAIN, ' '))) found.add('username');
  if (containsPhrase(cardFolded, mentee.username) || (mentee.username && cardWords.has(fold(mentee.username)))) found.add('username');
  if (findsPhone(text)) found.add('phone');
  if (ADDRESS_PATTERNS.some((p) => p.test(text))) found.add('address');
  if (findsName(text)) found.add('name');
  if (containsAnyWord(cardWords, mentee.displayName) || containsPhrase(cardFolded, mentee.city) || quotesAbout(cardFolded, mentee.about)) {
    found.add('profile');
  }
  const order: IdentifyingKind[] = ['name', 'username', 'phone', 'email', 'address', 'profile'];
  return order.filter((k) => found.has(k));
}
