import { useTranslation } from 'react-i18next';
import { THEME_KEYS } from './labels';
import type { ContributionTheme, ContributionTotalsRow } from '@sorstars/shared';
import { numberFormat } from '~/utils/intl-format';
import { Money } from './ContributionSummary';

/** Totals per person, month and theme; money per currency, never added across currencies. */
export function TotalsTable({ rows }: { rows: ContributionTotalsRow[] }) {
  const { t, i18n } = useTranslation('experts');
  const label = (r: ContributionTotalsRow) =>
    r.group === 'theme' ? t('totals.theme', { theme: t(THEME_KEYS[r.key as ContributionTheme] ?? r.key) }) : r.group === 'month' ? t('totals.month', { month: r.key }) : r.key === 'former member' ? t('totals.formerMember') : t('totals.person', { person: r.key });
  return (
    <div className="table-scroll" role="region" aria-labelledby="totals-caption" tabIndex={0}>
      <table className="numbers-table">
        <caption id="totals-caption">{t('totals.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('totals.group')}</th>
            <th scope="col">{t('totals.entries')}</th>
            <th scope="col">{t('totals.hours')}</th>
            <th scope="col">{t('totals.volunteerEntries')}</th>
            <th scope="col">{t('totals.fees')}</th>
            <th scope="col">{t('totals.expenses')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.group}-${r.key}`}>
              <th scope="row">{label(r)}</th>
              <td>{numberFormat(i18n.language).format(r.entries)}</td>
              <td>{numberFormat(i18n.language, { maximumFractionDigits: 2 }).format(r.hours)}</td>
              <td>{numberFormat(i18n.language).format(r.volunteerEntries)}</td>
              <td>
                {r.money.map((m) => (
                  <span key={m.currency} className="totals-money">
                    <Money amount={m.fees} currency={m.currency} />{' '}
                  </span>
                ))}
              </td>
              <td>
                {r.money.map((m) => (
                  <span key={m.currency} className="totals-money">
                    <Money amount={m.expenses} currency={m.currency} />{' '}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
