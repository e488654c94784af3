import { createHash } from 'node:crypto';

type HsdsObject = Record<string, unknown>;

/**
 * Derived exports are fingerprinted as of this fixed instant, so the UTC offset HSDS schedules
 * carry (which changes with daylight saving) does not make every field look edited twice a year.
 */
export const FINGERPRINT_AT = new Date('2001-01-01T12:00:00Z');

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as HsdsObject)[k])]),
    );
  }
  return value;
}

const fingerprint = (value: unknown): string =>
  value === undefined ? '-' : createHash('sha1').update(JSON.stringify(canonical(value))).digest('base64url');

/** Per top-level field: what Sorstárs would export for the record right after an import. */
export function baselineOf(derived: HsdsObject, document: HsdsObject): Record<string, string> {
  const keys = new Set([...Object.keys(derived), ...Object.keys(document)]);
  return Object.fromEntries([...keys].map((k) => [k, fingerprint(derived[k])]));
}

/**
 * The export of an imported record: for each field, the imported value while Sorstárs's own value
 * is still what it was right after the import (so fields Sorstárs cannot hold — programs, costs,
 * contacts, monthly schedules — come back exactly), and Sorstárs's value once someone changed it
 * here. `ours` lists fields that always come from Sorstárs (ids, and anything that must never be
 * taken from a document, such as the locations of a resource with a confidential one).
 * `derivedAtFingerprint` is the same record derived as of FINGERPRINT_AT.
 */
export function mergeWithDocument(
  derived: HsdsObject,
  derivedAtFingerprint: HsdsObject,
  document: HsdsObject,
  baseline: Record<string, string>,
  ours: readonly string[],
): HsdsObject {
  const merged: HsdsObject = {};
  for (const key of new Set([...Object.keys(document), ...Object.keys(derived)])) {
    const unchanged = baseline[key] !== undefined && baseline[key] === fingerprint(derivedAtFingerprint[key]);
    // Our own extension fields (zone, translations, confidential) always say what Sorstárs holds.
    const alwaysOurs = ours.includes(key) || (key.startsWith('x_') && key in derived);
    if (!alwaysOurs && unchanged && key in document) merged[key] = document[key];
    else if (derived[key] !== undefined) merged[key] = derived[key];
  }
  return merged;
}
