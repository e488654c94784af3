import { useEffect } from 'react';
import { useNavigate } from '@remix-run/react';

/** A click that would open a page of this site in this tab, the way the browser would follow it. */
function sameTabLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement)) return null;
  if ((link.target && link.target !== '_self') || link.hasAttribute('download') || link.dataset.testid === 'quick-exit') return null;
  if (link.origin !== window.location.origin) return null;
  return link;
}

/**
 * While private browsing is on, every link inside the site replaces the current history entry
 * (one listener in the capture phase, before Remix's <Link> sees the click), so the history holds
 * one entry of this site and Back after a quick exit leaves it. Form submissions already replace
 * the entry when they return to the same page.
 *
 * Signed in, a page the browser brings back from its back/forward cache is reloaded, so a session
 * ended meanwhile (a quick exit) shows nothing private.
 */
export function PrivateBrowsing({ enabled, signedIn }: { enabled: boolean; signedIn: boolean }) {
  const navigate = useNavigate();

  useEffect(() => {
    if (!enabled) return;
    function onClick(event: MouseEvent) {
      const link = sameTabLink(event);
      if (!link) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`, { replace: true });
    }
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [enabled, navigate]);

  useEffect(() => {
    if (!signedIn) return;
    function onPageShow(event: PageTransitionEvent) {
      if (event.persisted) window.location.reload();
    }
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, [signedIn]);

  return null;
}
