import { redirect } from '@remix-run/node';

/**
 * Where a redirect may go is decided the way a browser reads it: the value is resolved as a URL
 * against the site, and only a same-origin result is kept, as path, query and fragment. String
 * prefixes missed `/\t/evil.example` (browsers drop the tab and go to //evil.example); parsing drops
 * tabs and newlines the same way, and what it serialises is always a valid Location header. Dot
 * segments can still leave a path of `//host`: that is refused too.
 * The base is a stand-in for our own origin: only whether the value leaves it matters.
 */
const SITE = new URL('https://sorstars.invalid');

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to === '') return fallback;
  let url: URL;
  try {
    url = new URL(to, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE.origin) return fallback;
  // A path that itself begins with two slashes (`/.//evil.example` resolves to `//evil.example`)
  // is read by a browser as another site.
  if (url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Every redirect the web answers with: to a path on this site, whatever the path was built from. */
export function localRedirect(to: string, init?: number | ResponseInit) {
  return redirect(safeRedirect(to), init);
}
