import { useTranslation } from 'react-i18next';
import { KIND_KEYS, THEME_KEYS, STATUS_KEYS } from './labels';
import type { Contribution } from '@sorstars/shared';
import { numberFormat } from '~/utils/intl-format';
import { Day } from '~/components/circle/Day';

/** Money in the reader's language, in the entry's own currency. */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  const { i18n } = useTranslation();
  return <>{numberFormat(i18n.language, { style: 'currency', currency }).format(amount)}</>;
}

/** One entry's facts in a line or two: date, kind, hours, theme, pay (or volunteering), status. */
export function ContributionSummary({ c }: { c: Contribution }) {
  const { t, i18n } = useTranslation('experts');
  return (
    <p className="muted">
      <Day value={c.date} /> · {t(KIND_KEYS[c.kind])} · {t('list.hours', { hours: numberFormat(i18n.language, { maximumFractionDigits: 2 }).format(c.hours) })} · {t(THEME_KEYS[c.theme])} ·{' '}
      {c.volunteering ? (
        <strong>{c.feeDeclined ? t('list.volunteeringDeclined') : t('list.volunteering')}</strong>
      ) : c.feeAmount !== null && c.currency ? (
        <>
          {t('list.fee')} <Money amount={c.feeAmount} currency={c.currency} />
        </>
      ) : null}
      {c.expensesAmount > 0 && c.currency ? (
        <>
          {' '}
          · {t('list.expenses')} <Money amount={c.expensesAmount} currency={c.currency} />
        </>
      ) : null}{' '}
      · <span className={`status status--${c.status}`}>{t(STATUS_KEYS[c.status])}</span>
    </p>
  );
}
