/**
 * Marks a translation's values as the same for every reader (a day and a time printed from a date,
 * a count and its number as printed, a distance, another translation): the server may then
 * remember the text it makes across pages, where values in general are kept for one request only
 * (they may be people's words; see remembered-translations.server.ts). A symbol, so i18next and
 * the browser never see it.
 */
export const LASTING_VALUES = Symbol.for('sorstars.i18n.lastingValues');

export function lasting<T extends object>(values: T): T {
  return Object.assign(values, { [LASTING_VALUES]: true });
}
