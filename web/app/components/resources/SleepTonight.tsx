import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { TextField } from '~/components/ui/TextField';
import { ResourceCard } from './ResourceCard';
import type { ResourceCardData } from '@sorstars/shared';
import { SLEEP_CATEGORIES } from './labels';

export interface SleepTonightData {
  city: string;
  items: ResourceCardData[] | null;
  reference: string;
  cityError?: string;
}

/** "Somewhere to sleep tonight" on Get help now: shelters and night services open now, near the reader. */
export function SleepTonight({ data, country }: { data: SleepTonightData; country: string }) {
  const { t } = useTranslation('resources');
  const allHref = `/resources?${new URLSearchParams({ category: SLEEP_CATEGORIES[0], openNow: 'true', ...(data.city ? { city: data.city } : {}) })}`;
  return (
    <section aria-labelledby="sleep-title" className="sleep-tonight" data-testid="sleep-tonight">
      <h2 id="sleep-title">{t('sleep.title')}</h2>
      <p>{t('sleep.lead')}</p>
      <Form method="get" className="inline-form sleep-tonight__form">
        <input type="hidden" name="country" value={country} />
        <TextField name="city" id="sleep-city" label={t('list.nearLabel')} hint={t('list.nearHint')} defaultValue={data.city} error={data.cityError} key={data.city} />
        <button type="submit" className="button button--secondary">
          {t('sleep.submit')}
        </button>
      </Form>
      {data.items === null ? (
        <p className="notice" role="status">
          {t('list.couldNotLoad')}
        </p>
      ) : data.items.length === 0 ? (
        <p>{t('sleep.none')}</p>
      ) : (
        <ul className="resource-list">
          {data.items.map((resource) => (
            <ResourceCard key={resource.id} resource={resource} reference={data.reference} at={null} />
          ))}
        </ul>
      )}
      <p>
        <Link to={allHref}>{t('sleep.all')}</Link>
      </p>
    </section>
  );
}
