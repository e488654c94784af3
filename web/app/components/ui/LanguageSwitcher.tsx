import { useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { InPageForm } from './InPageNavigation';
import { LOCALE_NAMES, SUPPORTED_LOCALES } from '@sorstars/shared';

/**
 * A real form with a button, not a select that jumps on change: it works without JavaScript, and
 * nobody is moved to another page just by browsing the options with a keyboard.
 */
export function LanguageSwitcher({ locale, id = 'language-switcher' }: { locale: string; id?: string }) {
  const { t } = useTranslation('common');
  const location = useLocation();
  return (
    <InPageForm method="post" action="/set-language" className="language-switcher">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} name="lng" defaultValue={locale} key={locale}>
        {SUPPORTED_LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small">
        {t('language.submit')}
      </button>
    </InPageForm>
  );
}
