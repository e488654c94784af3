import { useTranslation } from 'react-i18next';
import type { NumbersRow } from '@sorstars/shared';
import { numberFormat } from '~/utils/intl-format';

const COLUMNS = ['started', 'active', 'ended', 'medianDays', 'endedInFirst4WeeksPercent', 'medianFirstReplyHours'] as const;
const COLUMN_KEYS: Record<(typeof COLUMNS)[number], string> = {
  started: 'numbers.started',
  active: 'numbers.active',
  ended: 'numbers.ended',
  medianDays: 'numbers.medianDays',
  endedInFirst4WeeksPercent: 'numbers.endedEarly',
  medianFirstReplyHours: 'numbers.firstReply',
};

/** Aggregates only; a suppressed cell (fewer than 5 people) says so in words, not with a blank. */
export function NumbersTable({ rows }: { rows: NumbersRow[] }) {
  const { t, i18n } = useTranslation('circle');
  const label = (r: NumbersRow) => {
    switch (r.group) {
      case 'all':
        return t('numbers.all');
      case 'period':
        return t('numbers.period', { period: r.key });
      case 'city':
        return t('numbers.city', { city: r.key });
      case 'language':
        return t('numbers.language', { language: r.key });
    }
  };
  return (
    <div className="table-scroll" role="region" aria-labelledby="numbers-caption" tabIndex={0}>
      <table className="numbers-table">
        <caption id="numbers-caption">{t('numbers.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('numbers.group')}</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {t(COLUMN_KEYS[c])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.group}-${r.key}`}>
              <th scope="row">{label(r)}</th>
              {COLUMNS.map((c) => (
                <td key={c}>{r[c] === null ? <span className="muted">{t('numbers.suppressed')}</span> : numberFormat(i18n.language).format(r[c] as number)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
