/**
 * The link a click would open as a page of this site in this tab, the way the browser would follow
 * it; null for any other click (a modifier key, another button, another site, a download, a new tab).
 */
export function sameTabLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement)) return null;
  if ((link.target && link.target !== '_self') || link.hasAttribute('download') || link.dataset.testid === 'quick-exit') return null;
  if (link.origin !== window.location.origin) return null;
  return link;
}
