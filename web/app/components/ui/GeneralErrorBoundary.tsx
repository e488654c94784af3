import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * What people see when a page fails. It never shows technical details: they do not help someone
 * in a hard moment, and they could reveal things about the server.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation('common');
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (typeof document === 'undefined' && !notFound) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{notFound ? t('error.notFoundTitle') : t('error.title')}</h1>
      <p>{notFound ? t('error.notFoundBody') : t('error.body')}</p>
      <p>
        <Link to="/" className="button">
          {t('error.home')}
        </Link>
      </p>
    </section>
  );
}
