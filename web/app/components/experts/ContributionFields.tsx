import { useTranslation } from 'react-i18next';
import { KIND_KEYS, THEME_KEYS, STATUS_KEYS } from './labels';
import { CONTRIBUTION_CURRENCIES, CONTRIBUTION_KINDS, CONTRIBUTION_NOTE_MAX, CONTRIBUTION_THEMES, CONTRIBUTION_TITLE_MAX, type ContributionStatus } from '@sorstars/shared';
import { SelectField } from '~/components/ui/SelectField';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';

/** The fields of a contribution, for adding and editing alike; `statuses` are the ones offered. */
export function ContributionFields({ values, errors, statuses, idPrefix }: { values?: Record<string, string>; errors?: Record<string, string>; statuses: readonly ContributionStatus[]; idPrefix: string }) {
  const { t } = useTranslation('experts');
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <p className="notice">{t('form.privacy')}</p>
      <SelectField name="kind" id={id('kind')} label={t('form.kind')} defaultValue={values?.kind} error={errors?.kind}>
        {CONTRIBUTION_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(KIND_KEYS[k])}
          </option>
        ))}
      </SelectField>
      <TextField name="title" id={id('title')} label={t('form.title')} hint={t('form.titleHint')} maxLength={CONTRIBUTION_TITLE_MAX} defaultValue={values?.title} error={errors?.title} autoComplete="off" required />
      <TextField name="date" id={id('date')} type="date" label={t('form.date')} defaultValue={values?.date} error={errors?.date} required />
      <TextField name="hours" id={id('hours')} inputMode="decimal" label={t('form.hours')} hint={t('form.hoursHint')} defaultValue={values?.hours} error={errors?.hours} autoComplete="off" required />
      <SelectField name="theme" id={id('theme')} label={t('form.theme')} defaultValue={values?.theme} error={errors?.theme}>
        {CONTRIBUTION_THEMES.map((k) => (
          <option key={k} value={k}>
            {t(THEME_KEYS[k])}
          </option>
        ))}
      </SelectField>
      <fieldset className="field">
        <legend>{t('form.money')}</legend>
        <SelectField name="currency" id={id('currency')} label={t('form.currency')} hint={t('form.currencyHint')} defaultValue={values?.currency ?? ''} error={errors?.currency}>
          <option value="">{t('form.noMoney')}</option>
          {CONTRIBUTION_CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <TextField name="feeAmount" id={id('feeAmount')} inputMode="decimal" label={t('form.fee')} hint={t('form.feeHint')} defaultValue={values?.feeAmount} error={errors?.feeAmount} autoComplete="off" />
        <div className={errors?.feeDeclined ? 'field field--checkbox field--invalid' : 'field field--checkbox'}>
          {errors?.feeDeclined ? (
            <p className="field__error" id={id('feeDeclined-error')}>
              {errors.feeDeclined}
            </p>
          ) : null}
          <input type="checkbox" id={id('feeDeclined')} name="feeDeclined" value="true" defaultChecked={values?.feeDeclined === 'true'} aria-invalid={errors?.feeDeclined ? true : undefined} aria-describedby={errors?.feeDeclined ? id('feeDeclined-error') : undefined} />
          <label htmlFor={id('feeDeclined')}>{t('form.feeDeclined')}</label>
        </div>
        <TextField name="expensesAmount" id={id('expensesAmount')} inputMode="decimal" label={t('form.expenses')} defaultValue={values?.expensesAmount} error={errors?.expensesAmount} autoComplete="off" />
      </fieldset>
      <SelectField name="status" id={id('status')} label={t('form.status')} hint={t('form.statusHint')} defaultValue={values?.status} error={errors?.status}>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {t(STATUS_KEYS[s])}
          </option>
        ))}
      </SelectField>
      <TextAreaField name="note" id={id('note')} label={t('form.note')} hint={t('form.noteHint')} rows={3} maxLength={CONTRIBUTION_NOTE_MAX} defaultValue={values?.note} error={errors?.note} />
    </>
  );
}
