import { useTranslation } from 'react-i18next';
import { GUIDELINES_MAX, LOCALE_NAMES, SPACE_DESCRIPTION_MAX, SPACE_NAME_MAX, SPACE_VISIBILITIES, SUPPORTED_LOCALES } from '@sorstars/shared';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { visibilityHint, visibilityLabel } from './labels';

export interface SpaceFieldValues {
  name?: string;
  description?: string;
  visibility?: string;
  language?: string;
  guidelines?: string;
}

/** The fields of a space, shared by "create a space" and the host's settings. */
export function SpaceFields({ values, errors }: { values: SpaceFieldValues; errors: Record<string, string> }) {
  const { t } = useTranslation('spaces');
  const visibility = values.visibility ?? 'public';
  return (
    <>
      <TextField name="name" label={t('fields.name')} hint={t('fields.nameHint')} error={errors.name} defaultValue={values.name} maxLength={SPACE_NAME_MAX} required autoComplete="off" />
      <TextAreaField
        name="description"
        label={t('fields.description')}
        hint={t('fields.descriptionHint')}
        error={errors.description}
        defaultValue={values.description}
        maxLength={SPACE_DESCRIPTION_MAX}
        rows={4}
      />
      <fieldset className={errors.visibility ? 'field field--invalid' : 'field'} aria-describedby={errors.visibility ? 'visibility-error' : undefined}>
        <legend>{t('fields.visibility')}</legend>
        {errors.visibility ? (
          <p className="field__error" id="visibility-error">
            {errors.visibility}
          </p>
        ) : null}
        {SPACE_VISIBILITIES.map((option) => (
          <div className="choice" key={option}>
            <input
              type="radio"
              id={`visibility-${option}`}
              name="visibility"
              value={option}
              defaultChecked={visibility === option}
              aria-describedby={`visibility-${option}-hint`}
            />
            <label htmlFor={`visibility-${option}`}>{visibilityLabel(t, option)}</label>
            <p className="field__hint" id={`visibility-${option}-hint`}>
              {visibilityHint(t, option)}
            </p>
          </div>
        ))}
      </fieldset>
      <SelectField name="language" label={t('fields.language')} hint={t('fields.languageHint')} error={errors.language} defaultValue={values.language ?? ''}>
        <option value="">{t('fields.languageMixed')}</option>
        {SUPPORTED_LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        name="guidelines"
        label={t('fields.guidelines')}
        hint={t('fields.guidelinesHint')}
        error={errors.guidelines}
        defaultValue={values.guidelines}
        maxLength={GUIDELINES_MAX}
        rows={8}
      />
    </>
  );
}

/** Form values → the shared schema's input: an empty language means "mixed", i.e. not set. */
export function spaceInput(values: SpaceFieldValues) {
  return {
    name: values.name ?? '',
    description: values.description ?? '',
    visibility: values.visibility ?? '',
    ...(values.language ? { language: values.language } : {}),
    guidelines: values.guidelines ?? '',
  };
}
