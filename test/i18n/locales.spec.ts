/**
 * The translations in locales/ are complete, real and used:
 * - every namespace of locales/en exists in every other shipped language, as valid JSON, with the
 *   same keys (plural forms as the language's own plural rules ask), no empty strings and the same
 *   {{placeholders}}; longer strings are not English copies;
 * - every English key is used: `errors` keys are the ErrorCodes of shared/ (and each code has one),
 *   `errors:validation.*` and every other namespace's keys appear as string literals in the code.
 * Every file is read once, when this module loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { NOTIFICATION_KINDS } from '@sorstars/shared';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES = path.join(ROOT, 'locales');
const SOURCE = 'en';
const LANGUAGES = ['hu', 'sr', 'da', 'fi', 'sl'] as const;

/** Longer strings than this that equal the English one are taken to be untranslated copies. */
const COPY_MIN_LENGTH = 12;
/** Values that are the same in every language: names, not words. Compared after trimming. */
const SAME_IN_EVERY_LANGUAGE = new Set<string>(['Sorstárs', 'Sorstárs — peer community', 'GitHub', 'Open Referral HSDS', 'Chrome', 'Firefox', 'Safari', 'Samsung Internet']);
/** `lang:namespace:key` of single strings that legitimately equal the English (keep it short). */
const SAME_AS_ENGLISH_ALLOWED = new Set<string>([]);
/** `namespace:key` built at run time (template literals), so not findable as a literal. Keep it short. */
const KEYS_USED_DYNAMICALLY = new Set<string>(
  // The cover-your-tracks page lists each browser by its id (`tracks.browsers.<id>.name|steps`).
  ['chrome', 'firefox', 'safari', 'samsung'].flatMap((b) => [`moderation:tracks.browsers.${b}.name`, `moderation:tracks.browsers.${b}.steps`]),
);

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Parsed = { ok: true; strings: Map<string, string>; nonStrings: string[] } | { ok: false; error: string };

function flatten(value: Json, prefix: string, strings: Map<string, string>, nonStrings: string[]): void {
  if (typeof value === 'string') {
    strings.set(prefix, value);
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, strings, nonStrings);
  } else {
    nonStrings.push(prefix || '(root)');
  }
}

function readNamespace(lang: string, file: string): Parsed | null {
  const full = path.join(LOCALES, lang, file);
  if (!fs.existsSync(full)) return null;
  try {
    const json = JSON.parse(fs.readFileSync(full, 'utf8')) as Json;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: 'not a JSON object' };
    const strings = new Map<string, string>();
    const nonStrings: string[] = [];
    flatten(json, '', strings, nonStrings);
    return { ok: true, strings, nonStrings };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

const namespaceFiles = fs
  .readdirSync(path.join(LOCALES, SOURCE))
  .filter((f) => f.endsWith('.json'))
  .sort();
const namespaces = namespaceFiles.map((f) => f.replace(/\.json$/, ''));
const locales = new Map<string, Map<string, Parsed | null>>();
for (const lang of [SOURCE, ...LANGUAGES]) {
  locales.set(lang, new Map(namespaceFiles.map((f) => [f.replace(/\.json$/, ''), readNamespace(lang, f)])));
}
const english = (ns: string): Map<string, string> => {
  const parsed = locales.get(SOURCE)!.get(ns);
  if (!parsed || !parsed.ok) throw new Error(`locales/${SOURCE}/${ns}.json: ${parsed ? parsed.error : 'missing'}`);
  return parsed.strings;
};

/** Placeholder names in a string: `{{count}}`, `{{date, datetime}}` → count, date; plus `$t(...)` nestings. */
function placeholders(value: string): string[] {
  const names = [...value.matchAll(/\{\{\s*-?\s*([^},\s]+)[^}]*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const nested = [...value.matchAll(/\$t\(([^),]+)/g)].map((m) => `$t(${m[1].trim()})`);
  return [...new Set([...names, ...nested])].sort();
}

/** Groups keys by their base, so `items_one`/`items_other` count as one plural key `items`. */
function pluralBases(keys: Iterable<string>): Map<string, string[]> {
  const bases = new Map<string, string[]>();
  const all = new Set(keys);
  for (const key of all) {
    const m = PLURAL_SUFFIX.exec(key);
    // Only a real plural group: `_other` must be there (i18next falls back to it).
    const base = m && all.has(key.replace(PLURAL_SUFFIX, '_other')) ? key.slice(0, m.index) : null;
    if (base !== null) bases.set(base, [...(bases.get(base) ?? []), m![1]]);
  }
  return bases;
}

/** The keys a language must have for an English key set, following its CLDR plural categories. */
function expectedKeys(lang: string, englishKeys: Iterable<string>): Set<string> {
  const englishSet = new Set(englishKeys);
  const plurals = pluralBases(englishSet);
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
  const expected = new Set<string>();
  for (const key of englishSet) {
    const m = PLURAL_SUFFIX.exec(key);
    if (m && plurals.has(key.slice(0, m.index))) continue;
    expected.add(key);
  }
  for (const [base, forms] of plurals) {
    for (const category of categories) expected.add(`${base}_${category}`);
    // `_zero` is i18next's optional special case for a count of 0, in any language.
    if (forms.includes('zero')) expected.add(`${base}_zero`);
  }
  return expected;
}

describe('locale files', () => {
  it('English has namespaces, each a JSON object of non-empty strings', () => {
    expect(namespaces.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const ns of namespaces) {
      const parsed = locales.get(SOURCE)!.get(ns)!;
      if (!parsed.ok) {
        problems.push(`${SOURCE}/${ns}.json: ${parsed.error}`);
        continue;
      }
      for (const key of parsed.nonStrings) problems.push(`${SOURCE}/${ns}.json: ${key} is not a string`);
      for (const [key, value] of parsed.strings) if (value.trim() === '') problems.push(`${SOURCE}/${ns}.json: ${key} is empty`);
    }
    expect(problems).toEqual([]);
  });

  describe.each(LANGUAGES)('%s', (lang) => {
    it('has every English namespace, and no other', () => {
      const dir = path.join(LOCALES, lang);
      const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
      expect({ missing: namespaceFiles.filter((f) => !present.includes(f)), extra: present.filter((f) => !namespaceFiles.includes(f)) }).toEqual({
        missing: [],
        extra: [],
      });
    });

    it.each(namespaces)('%s.json: valid JSON with exactly the English keys, none empty', (ns) => {
      const parsed = locales.get(lang)!.get(ns);
      if (!parsed) return; // reported by the namespace test above
      if (!parsed.ok) throw new Error(`locales/${lang}/${ns}.json is not valid: ${parsed.error}`);
      const expected = expectedKeys(lang, english(ns).keys());
      const keys = new Set(parsed.strings.keys());
      expect({
        missing: [...expected].filter((k) => !keys.has(k)).sort(),
        extra: [...keys].filter((k) => !expected.has(k)).sort(),
        notStrings: parsed.nonStrings,
        empty: [...parsed.strings].filter(([, v]) => v.trim() === '').map(([k]) => k),
      }).toEqual({ missing: [], extra: [], notStrings: [], empty: [] });
    });

    it.each(namespaces)('%s.json: the same {{placeholders}} as English', (ns) => {
      const parsed = locales.get(lang)!.get(ns);
      if (!parsed || !parsed.ok) return;
      const en = english(ns);
      const enPlurals = pluralBases(en.keys());
      const problems: string[] = [];
      for (const [key, value] of parsed.strings) {
        const m = PLURAL_SUFFIX.exec(key);
        const base = m ? key.slice(0, m.index) : null;
        if (base !== null && enPlurals.has(base)) {
          // A plural form may leave out {{count}} ("one message"), but no other placeholder, and
          // may not bring one English does not have.
          const allowed = placeholders(en.get(`${base}_other`) ?? '');
          const enForm = en.get(key) ?? en.get(`${base}_other`) ?? '';
          const want = placeholders(enForm).filter((p) => p !== '{{count}}');
          const have = placeholders(value);
          const unknown = have.filter((p) => !allowed.includes(p) && !placeholders(enForm).includes(p));
          const lost = want.filter((p) => !have.includes(p));
          if (unknown.length || lost.length) problems.push(`${key}: has ${JSON.stringify(have)}, English ${JSON.stringify(placeholders(enForm))}`);
        } else if (en.has(key)) {
          const want = placeholders(en.get(key)!);
          const have = placeholders(value);
          if (want.join() !== have.join()) problems.push(`${key}: has ${JSON.stringify(have)}, English ${JSON.stringify(want)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it.each(namespaces)('%s.json: translated, not copied from English', (ns) => {
      const parsed = locales.get(lang)!.get(ns);
      if (!parsed || !parsed.ok) return;
      const en = english(ns);
      const copies: string[] = [];
      for (const [key, value] of parsed.strings) {
        const original = en.get(key);
        if (original === undefined || value.trim() !== original.trim()) continue;
        const text = value.trim();
        const letters = text.replace(/\{\{[^}]*\}\}|\$t\([^)]*\)|https?:\/\/\S+/g, '').replace(/[^\p{L}]/gu, '');
        if (text.length <= COPY_MIN_LENGTH || letters.length === 0) continue;
        if (SAME_IN_EVERY_LANGUAGE.has(text) || SAME_AS_ENGLISH_ALLOWED.has(`${lang}:${ns}:${key}`)) continue;
        copies.push(`${key}: ${JSON.stringify(text)}`);
      }
      expect(copies).toEqual([]);
    });
  });
});

// ---- usage -------------------------------------------------------------------------------------

/** Every string literal (and template literal without substitutions) in the given trees. */
function stringLiterals(dirs: string[]): Set<string> {
  const literals = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
    ts.forEachChild(node, visit);
  };
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'build', '.cache'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|js|jsx|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const kind = /x$/.test(entry.name) ? ts.ScriptKind.TSX : /\.m?js$/.test(entry.name) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
        visit(ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, false, kind));
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return literals;
}

// `web/` as a whole: the plain-ESM server files beside web/app (server.js, starting.js) show text too.
const codeLiterals = stringLiterals([path.join(ROOT, 'web'), path.join(ROOT, 'api/src')]);
const validationLiterals = stringLiterals([path.join(ROOT, 'shared/src'), path.join(ROOT, 'api/src'), path.join(ROOT, 'web/app')]);

function errorCodes(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'shared/src/errors.ts'), 'utf8');
  const list = /export const ERROR_CODES\s*=\s*\[([\s\S]*?)\]/.exec(source);
  if (!list) throw new Error('shared/src/errors.ts: ERROR_CODES not found');
  return [...list[1].matchAll(/['"]([A-Z0-9_]+)['"]/g)].map((m) => m[1]);
}

/** The notifications page says each kind in `events:notifications.kind.<kind>` (a key built from the kind). */
const NOTIFICATION_KIND_KEY = 'notifications.kind.';
const isNotificationKindKey = (ns: string, key: string): boolean =>
  ns === 'events' && key.startsWith(NOTIFICATION_KIND_KEY) && (NOTIFICATION_KINDS as readonly string[]).includes(key.slice(NOTIFICATION_KIND_KEY.length));

/** A key counts as used when the code names it, with or without its `ns:` prefix. */
function isUsed(literals: Set<string>, ns: string, key: string): boolean {
  return literals.has(key) || literals.has(`${ns}:${key}`) || KEYS_USED_DYNAMICALLY.has(`${ns}:${key}`) || isTaxonomyCode(ns, key) || isNotificationKindKey(ns, key);
}

/** taxonomy.json names each code of shared/src/taxonomy.ts (`categories.<code>`, `attributes.<code>`). */
function isTaxonomyCode(ns: string, key: string): boolean {
  const [group, code] = key.split('.');
  return ns === 'taxonomy' && (group === 'categories' || group === 'attributes') && !!code && validationLiterals.has(code);
}

describe('English keys are all used', () => {
  it('errors: every top-level key is an ErrorCode of shared/, and every ErrorCode is translated', () => {
    const codes = errorCodes();
    expect(codes.length).toBeGreaterThan(0);
    const topLevel = new Set([...english('errors').keys()].map((k) => k.split('.')[0]).filter((k) => k !== 'validation'));
    expect({
      notAnErrorCode: [...topLevel].filter((k) => !codes.includes(k)).sort(),
      untranslatedCodes: codes.filter((c) => !topLevel.has(c)).sort(),
    }).toEqual({ notAnErrorCode: [], untranslatedCodes: [] });
  });

  it('errors: every validation.* key appears in shared/src, api/src or web/app', () => {
    const unused = [...english('errors').keys()]
      .filter((k) => k.startsWith('validation.'))
      .map((k) => k.replace(PLURAL_SUFFIX, ''))
      .filter((k) => !isUsed(validationLiterals, 'errors', k));
    expect([...new Set(unused)].sort()).toEqual([]);
  });

  it.each(namespaces.filter((ns) => ns !== 'errors'))('%s: every key appears in web/app or api/src', (ns) => {
    const en = english(ns);
    const plurals = pluralBases(en.keys());
    const unused = new Set<string>();
    for (const key of en.keys()) {
      const m = PLURAL_SUFFIX.exec(key);
      const used = m && plurals.has(key.slice(0, m.index)) ? key.slice(0, m.index) : key;
      if (!isUsed(codeLiterals, ns, used)) unused.add(used);
    }
    expect([...unused].sort()).toEqual([]);
  });
});

describe('notifications', () => {
  it.each([SOURCE, ...LANGUAGES])('%s: every notification kind the API sends has its own sentence', (lang) => {
    const parsed = locales.get(lang)!.get('events');
    const strings = parsed && parsed.ok ? parsed.strings : new Map<string, string>();
    expect(NOTIFICATION_KINDS.length).toBeGreaterThan(5);
    const missing = NOTIFICATION_KINDS.filter((kind) => !strings.get(`${NOTIFICATION_KIND_KEY}${kind}`)?.trim());
    expect(missing).toEqual([]);
  });
});
