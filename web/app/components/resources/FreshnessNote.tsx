import { useTranslation } from 'react-i18next';
import { formatDate } from './format';

/** "Last checked on … by the organisation", or "may be out of date" when that is long ago or never. */
export function FreshnessNote({ lastVerifiedAt, stale }: { lastVerifiedAt: string | null; stale: boolean }) {
  const { t, i18n } = useTranslation('resources');
  return (
    <p className={stale ? 'freshness freshness--stale' : 'freshness'} data-testid="freshness">
      {lastVerifiedAt ? t('freshness.lastChecked', { date: formatDate(lastVerifiedAt, i18n.language, 'UTC') }) : t('freshness.neverChecked')}
      {stale ? <strong className="freshness__warning"> {t('freshness.mayBeOutOfDate')}</strong> : null}
    </p>
  );
}
