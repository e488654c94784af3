import { useEffect } from 'react';
import { useNavigate } from '@remix-run/react';
import { sameTabLink } from '~/utils/same-tab-link';

/**
 * Plain links marked `data-in-page` open in the page, as a <Link> would: a list that repeats a
 * link fifty times (a report link on every message) renders a plain `<a>`, which costs nothing to
 * render, where a <Link> resolves its path each time. With `data-discover` as well, Remix learns
 * its route ahead of the click, as it does for a <Link>. One listener for the whole page, after
 * private browsing's (which replaces the history entry instead). Unlike a <Link>'s, it runs after
 * every React onClick around the link (React listens on the document too, and first): one of those
 * that prevents the default also stops the navigation.
 */
export function InPageLinks() {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      const link = sameTabLink(event);
      if (!link?.hasAttribute('data-in-page')) return;
      event.preventDefault();
      // As <Link> does: a link to the page already shown replaces its history entry.
      const to = `${link.pathname}${link.search}${link.hash}`;
      navigate(to, { replace: to === `${window.location.pathname}${window.location.search}${window.location.hash}` });
    }
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
  return null;
}
