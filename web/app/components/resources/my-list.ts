/**
 * "My list": resources saved in this browser, without an account. Kept under the `sorstars:` prefix
 * so the quick exit wipes it with the drafts. Only ids are kept; the page fetches the details.
 */
export const MY_LIST_KEY = 'sorstars:my-list';
/** A saved list is a handful of places, not a catalogue; also keeps the share link short. */
export const MY_LIST_MAX = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from a `?ids=a,b` parameter or from storage: well-formed, unique, at most MY_LIST_MAX. */
export function cleanIds(values: readonly unknown[]): string[] {
  const ids = values.filter((value): value is string => typeof value === 'string' && UUID.test(value)).map((id) => id.toLowerCase());
  return [...new Set(ids)].slice(0, MY_LIST_MAX);
}

export function parseIdsParam(param: string | null): string[] {
  return param ? cleanIds(param.split(',')) : [];
}

export function readMyList(): string[] {
  try {
    const raw = window.localStorage.getItem(MY_LIST_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? cleanIds(parsed) : [];
  } catch {
    // Storage blocked or the value mangled: an empty list, never a broken page.
    return [];
  }
}

function writeMyList(ids: string[]): void {
  try {
    if (ids.length === 0) window.localStorage.removeItem(MY_LIST_KEY);
    else window.localStorage.setItem(MY_LIST_KEY, JSON.stringify(cleanIds(ids)));
    window.dispatchEvent(new Event(MY_LIST_KEY));
  } catch {
    // Storage blocked (private mode): the button simply does not stick.
  }
}

export function addToMyList(id: string): void {
  writeMyList([id, ...readMyList().filter((saved) => saved !== id)]);
}

export function removeFromMyList(id: string): void {
  writeMyList(readMyList().filter((saved) => saved !== id));
}

export function myListHref(ids: readonly string[]): string {
  // Ids are hex and dashes: the comma list needs no escaping and stays readable when shared.
  return ids.length ? `/resources/my-list?ids=${ids.join(',')}` : '/resources/my-list';
}
