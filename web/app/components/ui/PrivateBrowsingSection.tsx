import { Form, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { loader as rootLoader } from '~/root';

/** The account page's switch for this device's private browsing (a plain form: works without JS). */
export function PrivateBrowsingSection() {
  const { t } = useTranslation('accounts');
  const on = useRouteLoaderData<typeof rootLoader>('root')?.privateBrowsing ?? false;
  return (
    <section className="panel" aria-labelledby="private-browsing-title">
      <h2 id="private-browsing-title">{t('privateBrowsing.title')}</h2>
      <p>{t('privateBrowsing.explain')}</p>
      <p data-testid="private-browsing-state">{on ? t('privateBrowsing.isOn') : t('privateBrowsing.isOff')}</p>
      <Form method="post" action="/private-browsing">
        <input type="hidden" name="redirectTo" value="/account" />
        <input type="hidden" name="enabled" value={on ? 'off' : 'on'} />
        <button type="submit" className="button button--secondary" data-testid="private-browsing-toggle">
          {on ? t('privateBrowsing.turnOff') : t('privateBrowsing.turnOn')}
        </button>
      </Form>
    </section>
  );
}
