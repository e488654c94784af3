import { useTranslation } from 'react-i18next';
import type { EventMaterial } from '@sorstars/shared';
import { numberFormat } from '~/utils/intl-format';

/** "1.2 MB", in the reader's language. */
export function useFileSize() {
  const { t, i18n } = useTranslation('events');
  return (bytes: number) =>
    bytes >= 1024 * 1024
      ? t('materials.sizeMb', { size: numberFormat(i18n.language, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024)) })
      : t('materials.sizeKb', { size: numberFormat(i18n.language, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024))) });
}

/** Download links; the agenda first and marked. Files are served by the API as downloads only. */
export function MaterialList({ items }: { items: EventMaterial[] }) {
  const { t } = useTranslation('events');
  const size = useFileSize();
  return (
    <ul className="plain-list materials" data-testid="materials">
      {items.map((m) => (
        <li key={m.id} className="plain-list__item">
          <a href={m.url} download={m.fileName}>
            {m.title}
          </a>{' '}
          {m.agenda ? <span className="tag">{t('materials.agenda')}</span> : null}{' '}
          <span className="muted">
            {m.fileName}, {size(m.sizeBytes)}
          </span>
        </li>
      ))}
    </ul>
  );
}
