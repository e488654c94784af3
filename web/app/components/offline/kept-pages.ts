/**
 * What the service worker kept on this phone, read straight from its caches for the offline page:
 * the saved list (from the kept copy of the list page, which carries names and numbers) and the
 * public pages read last (the worker's index; only those whose copy is still kept).
 */
import { myListHref, readMyList } from '~/components/resources/my-list';
import { CACHE_PREFIX, READ_INDEX, SHELL_CACHE } from '~/utils/offline';

export interface KeptPage {
  url: string;
  title: string;
  savedAt?: string;
  phone?: { href: string; label: string };
}

const LIST_CACHE = `${CACHE_PREFIX}list-v1`;

export async function keptSavedList(): Promise<KeptPage[]> {
  const ids = readMyList();
  if (ids.length === 0 || !('caches' in window)) return [];
  const cache = await caches.open(LIST_CACHE);
  const copy = (await cache.match(myListHref(ids))) ?? (await cache.match('/resources/my-list', { ignoreSearch: true }));
  const found = new Map<string, KeptPage>();
  if (copy?.headers.get('content-type')?.includes('text/html')) {
    const savedAt = copy.headers.get('date');
    const doc = new DOMParser().parseFromString(await copy.text(), 'text/html');
    for (const item of doc.querySelectorAll('[data-testid="my-list-item"]')) {
      const link = item.querySelector<HTMLAnchorElement>('h2 a');
      const id = link?.getAttribute('href')?.split('/').pop();
      if (!link || !id || !ids.includes(id)) continue;
      const call = item.querySelector<HTMLAnchorElement>('a[href^="tel:"]');
      found.set(id, {
        url: `/resources/${id}`,
        title: link.textContent ?? id,
        savedAt: savedAt ? new Date(savedAt).toISOString() : undefined,
        phone: call ? { href: call.getAttribute('href') ?? '', label: call.textContent ?? '' } : undefined,
      });
    }
  }
  // Saved but not on the kept list page: named from the page itself, when it was read here.
  const read = new Map((await keptReadPages()).map((page) => [page.url, page]));
  return ids.flatMap((id) => {
    const page = found.get(id) ?? read.get(`/resources/${id}`);
    return page ? [page] : [];
  });
}

export async function keptReadPages(): Promise<KeptPage[]> {
  if (!('caches' in window)) return [];
  const index = await (await caches.open(SHELL_CACHE)).match(READ_INDEX);
  const entries: unknown = index ? await index.json() : [];
  if (!Array.isArray(entries)) return [];
  const pages: KeptPage[] = [];
  for (const entry of entries as KeptPage[]) {
    if (typeof entry?.url !== 'string' || !entry.url.startsWith('/') || typeof entry.title !== 'string') continue;
    if (await caches.match(entry.url)) pages.push({ url: entry.url, title: entry.title, savedAt: entry.savedAt });
  }
  return pages;
}
