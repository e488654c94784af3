import { ACCESS_ATTRIBUTES, TAXONOMY_CATEGORIES, TAXONOMY_SOURCE } from '@sorstars/shared';
import { taxonomyId, termId } from './hsds-ids.js';

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  uri?: string;
  version?: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy: string;
  taxonomy_detail: HsdsTaxonomy;
  taxonomy_id: string;
  language: string;
}

export const CATEGORY_TAXONOMY: HsdsTaxonomy = {
  id: taxonomyId('open-eligibility'),
  name: TAXONOMY_SOURCE.name,
  description: `Open Eligibility human-services taxonomy (${TAXONOMY_SOURCE.licence}), the part Sorstárs uses for categories.`,
  uri: TAXONOMY_SOURCE.url,
};

export const ACCESS_TAXONOMY: HsdsTaxonomy = {
  id: taxonomyId('sorstars-access'),
  name: 'Sorstárs access attributes',
  description: 'Who may come and how: no ID needed, anonymous, walk-in, women only, pets welcome and the like.',
};

export const HSDS_TAXONOMIES: readonly HsdsTaxonomy[] = [CATEGORY_TAXONOMY, ACCESS_TAXONOMY];

/** "no-id-needed" → "No id needed": the English label when no translation is at hand. */
const labelOf = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');

const term = (code: string, name: string, taxonomy: HsdsTaxonomy, parent: string | null): HsdsTaxonomyTerm => ({
  id: termId(code),
  code,
  name,
  description: taxonomy === CATEGORY_TAXONOMY ? `${TAXONOMY_SOURCE.name}: ${name}` : `Access: ${name}`,
  ...(parent ? { parent_id: termId(parent) } : {}),
  taxonomy: taxonomy.name,
  taxonomy_detail: taxonomy,
  taxonomy_id: taxonomy.id,
  language: 'en',
});

/** Every term Sorstárs publishes, categories first, in the published order. */
export const HSDS_TERMS: readonly HsdsTaxonomyTerm[] = [
  ...TAXONOMY_CATEGORIES.map((c) => term(c.code, c.term, CATEGORY_TAXONOMY, c.parent)),
  ...ACCESS_ATTRIBUTES.map((code) => term(code, labelOf(code), ACCESS_TAXONOMY, null)),
];

const byId = new Map(HSDS_TERMS.map((t) => [t.id, t]));
const byCode = new Map(HSDS_TERMS.map((t) => [t.code, t]));
const byName = new Map(HSDS_TERMS.map((t) => [t.name.toLowerCase(), t]));

export const termByCode = (code: string): HsdsTaxonomyTerm | undefined => byCode.get(code);

/** The Sorstárs code an imported taxonomy term stands for: by our id, our code, or the term's name. */
export function codeForImportedTerm(t: { id?: unknown; code?: unknown; name?: unknown } | undefined, termIdRef?: unknown): string | null {
  const found =
    (typeof termIdRef === 'string' ? byId.get(termIdRef) : undefined) ??
    (typeof t?.id === 'string' ? byId.get(t.id) : undefined) ??
    (typeof t?.code === 'string' ? byCode.get(t.code) : undefined) ??
    (typeof t?.name === 'string' ? byName.get(t.name.toLowerCase()) : undefined);
  return found?.code ?? null;
}

/** Codes (categories and access attributes) a service has under a term or any of its children. */
export function codesUnderTerm(id: string): string[] {
  const root = byId.get(id);
  if (!root) return [];
  return HSDS_TERMS.filter((t) => t.id === id || t.parent_id === id).map((t) => t.code);
}

export function codesInTaxonomy(id: string): string[] {
  return HSDS_TERMS.filter((t) => t.taxonomy_id === id).map((t) => t.code);
}
