import { v5 as uuidv5 } from 'uuid';

/** Our own uuid v5 namespace for ids of HSDS objects Sorstárs keeps no row for. */
const SORSTARS_HSDS_NAMESPACE = '6f1c8a52-3b7e-5d0a-9e43-2c5b7f0d9a61';

/**
 * A stable id for a nested HSDS object (a phone, a schedule, a language) derived from its parent's
 * id, so the same resource exported twice carries the same ids and HSDS clients can diff exports.
 */
export function childId(parentId: string, kind: string, key: string | number): string {
  return uuidv5(`${parentId}/${kind}/${key}`, SORSTARS_HSDS_NAMESPACE);
}

/** A taxonomy term's id: the same code gives the same uuid on every server. */
export function termId(code: string): string {
  return uuidv5(`taxonomy-term/${code}`, SORSTARS_HSDS_NAMESPACE);
}

export function taxonomyId(name: string): string {
  return uuidv5(`taxonomy/${name}`, SORSTARS_HSDS_NAMESPACE);
}
