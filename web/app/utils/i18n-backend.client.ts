import type { BackendModule, ReadCallback } from 'i18next';

/**
 * Loads one language's namespace in the browser only when it is needed. Vite turns each JSON file
 * into its own hashed chunk, so the browser never downloads the other five languages.
 */
const loaders = import.meta.glob<Record<string, unknown>>('../../../locales/*/*.json', { import: 'default' });

export const lazyLocaleBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = loaders[`../../../locales/${language}/${namespace}.json`];
    if (!load) {
      callback(null, {});
      return;
    }
    load().then(
      (data) => callback(null, data as Record<string, string>),
      (error: unknown) => callback(error instanceof Error ? error.message : String(error), false),
    );
  },
};
