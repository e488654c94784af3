import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface ErrorSummaryProps {
  formError?: string;
  fieldErrors?: Record<string, string>;
  /** Maps a field name to its input's id, when a page has several forms. */
  fieldId?: (name: string) => string;
  /** Each field's label, so every line says which field it is about ("Username: please fill this in"). */
  labels?: Record<string, string>;
}

/**
 * Lists everything that needs another look at the top of the form, each linked to its field.
 * It takes focus when it appears, so screen reader users hear it and keyboard users start there.
 */
export function ErrorSummary({ formError, fieldErrors = {}, fieldId = (name) => name, labels = {} }: ErrorSummaryProps) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(fieldErrors);
  // The API may say the same thing for the form and for a field; once, by the field, is enough.
  const shownFormError = formError && !entries.some(([, message]) => message === formError) ? formError : undefined;
  const hasErrors = Boolean(formError) || entries.length > 0;
  // Focus again only when the messages change, not on every re-render while someone types.
  const signature = [formError ?? '', ...entries.map(([name, message]) => `${name}:${message}`)].join('|');

  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);

  if (!hasErrors) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title" data-testid="error-summary">
      <h2 id="error-summary-title" className="error-summary__title">
        {t('form.summaryTitle')}
      </h2>
      <ul>
        {shownFormError ? <li>{shownFormError}</li> : null}
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`}>{labels[name] ? `${labels[name]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
