import { ACCESS_ATTRIBUTES, SUPPORTED_LOCALES, TAXONOMY_CATEGORIES, TAXONOMY_SOURCE, type Locale } from '@sorstars/shared';
import { translate } from '../../core/i18n/i18n.js';

/**
 * The published list of categories and access attributes, named in the reader's language and,
 * for the web's editors and offline copies, in all six (`names`). Texts: locales/<lang>/taxonomy.json.
 */
export function taxonomyFor(locale: Locale) {
  const names = (key: string) => Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, translate(l, 'taxonomy', key)]));
  return {
    source: { ...TAXONOMY_SOURCE, label: translate(locale, 'taxonomy', 'source') },
    categories: TAXONOMY_CATEGORIES.map((c) => ({
      code: c.code,
      parent: c.parent,
      term: c.term,
      name: translate(locale, 'taxonomy', `categories.${c.code}`),
      names: names(`categories.${c.code}`),
    })),
    attributes: ACCESS_ATTRIBUTES.map((code) => ({
      code,
      name: translate(locale, 'taxonomy', `attributes.${code}`),
      names: names(`attributes.${code}`),
    })),
  };
}
