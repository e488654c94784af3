import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, isLocale, type Locale } from '@sorstars/shared';

/**
 * The API translates its error messages from the same locales/ files the web uses. The files are
 * read once; a missing key falls back to English, then to the key itself.
 */
type Tree = { [key: string]: string | Tree };

function findLocalesDir(): string {
  if (process.env.LOCALES_DIR) return process.env.LOCALES_DIR;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'locales', 'en');
    if (fs.existsSync(candidate)) return path.join(dir, 'locales');
    dir = path.dirname(dir);
  }
  return path.resolve('locales');
}

const cache = new Map<string, Tree>();

function namespace(locale: Locale, ns: string): Tree {
  const key = `${locale}/${ns}`;
  let tree = cache.get(key);
  if (!tree) {
    const file = path.join(findLocalesDir(), locale, `${ns}.json`);
    tree = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Tree) : {};
    cache.set(key, tree);
  }
  return tree;
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** `t('hu', 'errors', 'validation.required')`. Interpolates `{{name}}` placeholders. */
export function translate(locale: Locale, ns: string, key: string, params: Record<string, unknown> = {}): string {
  const text = lookup(namespace(locale, ns), key) ?? lookup(namespace(DEFAULT_LOCALE, ns), key) ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    // Serbian, Croatian and Bosnian readers share the Latin-script Serbian we ship.
    const mapped = base === 'hr' || base === 'bs' ? 'sr' : base;
    if (isLocale(mapped)) return mapped;
  }
  return null;
}

export { SUPPORTED_LOCALES };
