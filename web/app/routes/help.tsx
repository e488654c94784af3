import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CRISIS_COUNTRIES } from '@sorstars/shared';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { COUNTRY_OF_LOCALE, loadCrisisResources } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { CrisisResources } from '~/components/moderation/CrisisResources';
import { countryLabel } from '~/components/moderation/labels';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { SleepTonight } from '~/components/resources/SleepTonight';
import { sleepTonight } from '~/utils/resources.server';
import moderationStyles from '~/components/moderation/moderation.css?url';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links = () => [
  { rel: 'stylesheet', href: moderationStyles },
  { rel: 'stylesheet', href: resourcesStyles },
];

export const handle: RouteHandle = {
  title: (t) => t('help.pageTitle', { ns: 'moderation' }),
};

/** Open to everyone, signed in or not: the reader's language's country first, then help anywhere. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const url = new URL(request.url);
  const asked = url.searchParams.get('country') ?? '';
  const country = (CRISIS_COUNTRIES as readonly string[]).includes(asked) ? asked : (COUNTRY_OF_LOCALE[locale] ?? 'general');
  const [items, sleep] = await Promise.all([loadCrisisResources(request, locale, country), sleepTonight(request, locale, url)]);
  return { country, items, sleep };
}

export default function HelpPage() {
  const { t } = useTranslation('moderation');
  const { country, items, sleep } = useLoaderData<typeof loader>();
  const local = items?.filter((item) => item.country !== 'general') ?? [];
  const general = items?.filter((item) => item.country === 'general') ?? [];
  return (
    <section className="help-page" aria-labelledby="help-title">
      <h1 id="help-title">{t('help.title')}</h1>
      <p className="help-emergency">
        <strong>{t('help.emergency')}</strong>{' '}
        <a className="button crisis-list__call" href="tel:112">
          {t('help.call', { phone: '112' })}
        </a>
      </p>
      <p className="lead">{t('help.notAlone')}</p>
      <p>
        <Link to="/help/cover-your-tracks">{t('tracks.link')}</Link>
      </p>

      <Form method="get" className="inline-form help-country">
        <label htmlFor="country">{t('help.countryLabel')}</label>
        <select id="country" name="country" defaultValue={country} key={country}>
          {CRISIS_COUNTRIES.map((code) => (
            <option key={code} value={code}>
              {countryLabel(t, code)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t('help.countrySubmit')}
        </button>
      </Form>

      {items === null ? (
        <p className="notice" role="status">
          {t('help.unavailable')}
        </p>
      ) : (
        <>
          {country !== 'general' ? (
            <section aria-labelledby="help-local">
              <h2 id="help-local">{t('help.localTitle', { country: countryLabel(t, country) })}</h2>
              {local.length ? <CrisisResources items={local} /> : <p>{t('help.none')}</p>}
            </section>
          ) : null}
          <section aria-labelledby="help-general">
            <h2 id="help-general">{t('help.generalTitle')}</h2>
            {general.length ? <CrisisResources items={general} /> : <p>{t('help.none')}</p>}
          </section>
        </>
      )}
      <SleepTonight data={sleep} country={country} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
