import { useEffect, type ComponentProps } from 'react';
import { useNavigate, useSubmit } from '@remix-run/react';
import { sameTabLink } from '~/utils/same-tab-link';

/**
 * Plain links and forms marked `data-in-page` open in the page, as a <Link> or a <Form> would.
 * The header is on every page, its links and forms twice (the row and the phone's menu): as
 * <NavLink>s and <Form>s each resolved its path on every render, and a NavLink twice, with the
 * router's state: 0.6 ms of the web's CPU a page for twenty links. With `data-discover` as well,
 * Remix learns their routes ahead of the click, as it does for its own.
 * One listener for the whole page, after private browsing's (which replaces the history entry
 * instead). Unlike a <Link>'s, it runs after every React onClick or onSubmit around the link or
 * form (React listens on the document too, and first): one of those that prevents the default
 * also stops the navigation.
 */
export function InPageNavigation() {
  const navigate = useNavigate();
  const submit = useSubmit();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      const link = sameTabLink(event);
      if (!link?.hasAttribute('data-in-page')) return;
      event.preventDefault();
      // As <Link> does: a link to the page already shown replaces its history entry.
      const to = `${link.pathname}${link.search}${link.hash}`;
      navigate(to, { replace: to === `${window.location.pathname}${window.location.search}${window.location.hash}` });
    }
    function onSubmit(event: SubmitEvent) {
      const form = event.target;
      if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute('data-in-page')) return;
      event.preventDefault();
      // The button pressed goes with the form, as <Form> sends it; its method and action are read off the form.
      const submitter = event.submitter instanceof HTMLButtonElement || event.submitter instanceof HTMLInputElement ? event.submitter : form;
      submit(submitter);
    }
    document.addEventListener('click', onClick);
    document.addEventListener('submit', onSubmit);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('submit', onSubmit);
    };
  }, [navigate, submit]);
  return null;
}

type InPageLinkProps = Omit<ComponentProps<'a'>, 'href'> & {
  /** A path of this site, used as it is (not resolved against the current route, as a <Link>'s is). */
  to: string;
  /** Marks the link to the page being shown, as <NavLink> does. */
  current?: boolean;
};

/**
 * A link that InPageNavigation opens in the page: for links on every page and in lists, where a
 * <Link>'s work adds up.
 */
export function InPageLink({ to, current = false, ...rest }: InPageLinkProps) {
  return <a href={to} aria-current={current ? 'page' : undefined} {...rest} data-discover="true" data-in-page="" />;
}

/** A form that InPageNavigation submits in the page; `action` is a path of this site, used as it is. */
export function InPageForm({ action, ...props }: ComponentProps<'form'> & { action: string }) {
  return <form action={action} {...props} data-discover="true" data-in-page="" />;
}
