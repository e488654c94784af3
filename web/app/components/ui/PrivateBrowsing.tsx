import { useEffect } from 'react';
import { useNavigate } from '@remix-run/react';
import { sameTabLink } from '~/utils/same-tab-link';

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
