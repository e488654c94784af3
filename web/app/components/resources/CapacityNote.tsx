import { useTranslation } from 'react-i18next';
import type { ResourceCapacity } from '@sorstars/shared';
import { formatDateTime } from '~/utils/i18n';

/** "Beds tonight: 4 of 20 free", with when the organisation last said so; after 24 hours, a warning. */
export function CapacityNote({ capacity }: { capacity: ResourceCapacity }) {
  const { t, i18n } = useTranslation('resources');
  const count =
    capacity.maximum !== null
      ? t('capacity.ofMaximum', { unit: capacity.unit, available: capacity.available, maximum: capacity.maximum })
      : t('capacity.available', { unit: capacity.unit, available: capacity.available });
  return (
    <p className={capacity.stale ? 'capacity capacity--stale' : 'capacity'} data-testid="capacity">
      <strong>{count}</strong>{' '}
      <span className="muted">{t('capacity.updated', { date: `${formatDateTime(capacity.updatedAt, i18n.language, 'UTC')} UTC` })}</span>
      {capacity.stale ? <span className="capacity__stale"> {t('capacity.stale')}</span> : null}
    </p>
  );
}
