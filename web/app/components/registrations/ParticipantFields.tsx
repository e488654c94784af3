import { useTranslation } from 'react-i18next';
import { COUNTRY_CODES, ORGANISATION_TYPES } from '@sorstars/shared';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { SelectField } from '~/components/ui/SelectField';
import { ORGANISATION_TYPE_KEYS } from './labels';
import { displayNames } from '~/utils/intl-format';

type Values = Partial<Record<string, string | boolean>>;

/** Countries by their name in the reader's language, for one select. */
function countryOptions(locale: string) {
  const names = displayNames(locale, { type: 'region' });
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, locale));
}

/**
 * One person's details plus the consent box, shared by the public registration form and the
 * check-in page's walk-in form. The consent text is shown above the box it belongs to.
 */
export function ParticipantFields({ values, errors, consentText, consentLabel }: { values: Values; errors: Record<string, string>; consentText: string; consentLabel: string }) {
  const { t, i18n } = useTranslation('registrations');
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return (
    <>
      <TextField name="fullName" label={t('form.fullName')} defaultValue={text('fullName')} error={errors.fullName} required maxLength={200} autoComplete="name" />
      <TextField name="organisation" label={t('form.organisation')} defaultValue={text('organisation')} error={errors.organisation} required maxLength={200} autoComplete="organization" />
      <TextAreaField name="organisationAddress" label={t('form.organisationAddress')} defaultValue={text('organisationAddress')} error={errors.organisationAddress} required rows={2} maxLength={500} />
      <SelectField name="country" label={t('form.country')} defaultValue={text('country') ?? ''} error={errors.country} required>
        <option value="">{t('form.chooseCountry')}</option>
        {countryOptions(i18n.language).map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <SelectField name="organisationType" label={t('form.organisationType')} defaultValue={text('organisationType') ?? 'ngo'} error={errors.organisationType} required>
        {ORGANISATION_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(ORGANISATION_TYPE_KEYS[type])}
          </option>
        ))}
      </SelectField>
      <TextField name="role" label={t('form.role')} defaultValue={text('role')} error={errors.role} required maxLength={200} />
      <fieldset className={errors.consent ? 'field field--checkbox field--invalid' : 'field field--checkbox'}>
        <legend>{t('form.consentLegend')}</legend>
        <p className="registration-consent">{consentText}</p>
        {errors.consent ? (
          <p className="field__error" id="consent-error">
            {errors.consent}
          </p>
        ) : null}
        <input type="checkbox" id="consent" name="consent" value="true" defaultChecked={values.consent === true} aria-invalid={errors.consent ? true : undefined} aria-describedby={errors.consent ? 'consent-error' : undefined} />
        <label htmlFor="consent">{consentLabel}</label>
      </fieldset>
    </>
  );
}
