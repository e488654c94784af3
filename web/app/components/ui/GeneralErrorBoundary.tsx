import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * What a loader may say along with its 403 or 404 so the page can be plain about it: `signInTo`
 * (the address to come back to) on a 404 a signed-out reader got — it may be for members only;
 * `refused: 'manageSpace'` on a 403 from a space's manage pages.
 */
export interface ErrorPageData {
  signInTo?: string;
  refused?: 'manageSpace';
}

type Words = { title: string; body: string; link: { to: string; text: string } };

function wordsFor(error: unknown, t: (key: string) => string): Words | null {
  if (!isRouteErrorResponse(error)) return null;
  const payload = (error.data ?? {}) as ErrorPageData;
  const home = { to: '/', text: t('error.home') };
  if (error.status === 404 && typeof payload.signInTo === 'string' && payload.signInTo.startsWith('/')) {
    return {
      title: t('error.signInTitle'),
      body: t('error.signInBody'),
      link: { to: `/login?${new URLSearchParams({ redirectTo: payload.signInTo })}`, text: t('error.signIn') },
    };
  }
  if (error.status === 404) return { title: t('error.notFoundTitle'), body: t('error.notFoundBody'), link: home };
  if (error.status === 403) {
    return {
      title: payload.refused === 'manageSpace' ? t('error.forbiddenManageSpace') : t('error.forbiddenTitle'),
      body: t('error.forbiddenBody'),
      link: home,
    };
  }
  return null;
}

/**
 * What people see when a page fails. It never shows technical details: they do not help someone
 * in a hard moment, and they could reveal things about the server. A refusal or a missing page is
 * said plainly, not as "something went wrong".
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation('common');
  const known = wordsFor(error, t);
  if (typeof document === 'undefined' && !known) console.error(error);
  const words = known ?? { title: t('error.title'), body: t('error.body'), link: { to: '/', text: t('error.home') } };
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{words.title}</h1>
      <p>{words.body}</p>
      <p>
        <Link to={words.link.to} className="button">
          {words.link.text}
        </Link>
      </p>
    </section>
  );
}
