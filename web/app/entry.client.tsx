import { RemixBrowser } from '@remix-run/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { i18nOptions } from './utils/i18n';
import { lazyLocaleBackend } from './utils/i18n-backend.client';

/**
 * Loads the page's language before hydrating, so the browser renders exactly the text the server
 * sent (the server put the language in <html lang>).
 */
async function hydrate() {
  await i18next
    .use(initReactI18next)
    .use(lazyLocaleBackend)
    .init({
      ...i18nOptions,
      lng: document.documentElement.lang || i18nOptions.fallbackLng,
      react: { useSuspense: false },
    });

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
