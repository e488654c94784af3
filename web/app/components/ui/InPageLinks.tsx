import { useEffect, type ReactNode } from 'react';
import { useNavigate } from '@remix-run/react';
import { sameTabLink } from '~/utils/same-tab-link';

/**
 * Plain links marked `data-in-page` open in the page, as a <Link> would. The header's links are on
 * every page, twice (the row and the phone's menu): as <NavLink>s each resolved its path twice and
 * read the router's state on every render, 0.6 ms of the web's CPU a page for twenty of them. With
 * `data-discover` as well, Remix learns their routes ahead of the click, as it does for a <Link>.
 * One listener for the whole page, after private browsing's (which replaces the history entry
 * instead). Unlike a <Link>'s, it runs after every React onClick around the link (React listens on
 * the document too, and first): one of those that prevents the default also stops the navigation.
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

interface InPageLinkProps {
  /** A path of this site, used as it is (not resolved against the current route, as a <Link>'s is). */
  to: string;
  /** Marks the link to the page being shown, as <NavLink> does. */
  current?: boolean;
  className?: string;
  'data-testid'?: string;
  children: ReactNode;
}

/** A link that InPageLinks opens in the page: for links on every page, where a <Link>'s work adds up. */
export function InPageLink({ to, current = false, className, children, ...rest }: InPageLinkProps) {
  return (
    <a href={to} className={className} aria-current={current ? 'page' : undefined} data-discover="true" data-in-page="" {...rest}>
      {children}
    </a>
  );
}

/** Whether `to` is the page at `pathname` or (unless `end`) one below it: <NavLink>'s rule. */
export function isCurrentPath(pathname: string, to: string, end = false): boolean {
  const here = pathname.toLowerCase();
  if (here === to) return true;
  return !end && to !== '/' && here.startsWith(`${to}/`);
}
