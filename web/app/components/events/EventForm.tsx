import { Form, Link, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { EVENT_FORMATS, EVENT_KINDS, PRACTICALITIES, type Practicality } from '@sorstars/shared';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { RichTextField } from '~/components/stories/RichTextField';
import type { FormErrors } from '~/utils/forms.server';
import { FORMAT_KEYS, KIND_KEYS, PRACTICALITY_KEYS } from './labels';
import { PracticalityIcon } from './Practicalities';
import { EVENT_ZONES, ZONE_NAME_KEYS } from './time';

/** Fields whose first input has another id than the field's name. */
const FIELD_IDS: Record<string, string> = { format: 'format-in_person', repeat: 'repeat-none', practicalities: 'practicality-stepFree', allDay: 'allDay' };

export type RepeatChoice = 'none' | 'weekly' | 'biweekly' | 'monthly' | 'custom';

export interface EventFormValues {
  title: string;
  kind: string;
  format: string;
  description: string;
  date: string;
  startTime: string;
  endTime: string;
  timezone: string;
  allDay: boolean;
  repeat: RepeatChoice;
  customRule: string;
  until: string;
  count: string;
  locationName: string;
  locationAddress: string;
  locationUrl: string;
  accessibility: string;
  practicalities: Practicality[];
  interpreters: string;
  capacity: string;
  space: string;
  /** For a public event: the organisation it is posted for. */
  organization: string;
}

interface EventFormProps {
  mode: 'new' | 'edit';
  values: EventFormValues;
  /** The stored description, for the editor (edit only). */
  descriptionDoc: unknown;
  errors?: FormErrors;
  /** Spaces the person may add events to; shown only when creating. */
  spaces: { id: string; name: string }[];
  /** Organisations the person is staff of: a public event is posted for one of them. */
  organizations: { id: string; name: string; verified: boolean }[];
  cancelHref: string;
}

/**
 * Everything about one event, in plain steps. Works without JavaScript: the description is a
 * plain textarea until the editor loads, and times are converted on the server.
 */
export function EventForm({ mode, values, descriptionDoc, errors, spaces, organizations, cancelHref }: EventFormProps) {
  const { t } = useTranslation('events');
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const fieldErrors = errors?.fieldErrors ?? {};
  const zones: string[] = (EVENT_ZONES as readonly string[]).includes(values.timezone) ? [...EVENT_ZONES] : [values.timezone, ...EVENT_ZONES];
  return (
    <>
      <ErrorSummary formError={errors?.formError} fieldErrors={fieldErrors} fieldId={(name) => FIELD_IDS[name] ?? name} />
      <Form method="post" noValidate className="form event-form">
        <fieldset className="form-section">
          <legend>{t('form.sections.what')}</legend>
          <TextField name="title" label={t('form.fields.title')} error={fieldErrors.title} defaultValue={values.title} maxLength={200} required autoComplete="off" />
          <SelectField name="kind" label={t('form.fields.kind')} error={fieldErrors.kind} defaultValue={values.kind}>
            {EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(KIND_KEYS[kind])}
              </option>
            ))}
          </SelectField>
          <fieldset className="field" aria-describedby={fieldErrors.format ? 'format-error' : undefined}>
            <legend>{t('form.fields.format')}</legend>
            {EVENT_FORMATS.map((format) => (
              <div className="choice" key={format}>
                <input type="radio" id={`format-${format}`} name="format" value={format} defaultChecked={values.format === format} />
                <label htmlFor={`format-${format}`}>{t(FORMAT_KEYS[format])}</label>
              </div>
            ))}
            {fieldErrors.format ? (
              <p className="field__error" id="format-error">
                {fieldErrors.format}
              </p>
            ) : null}
          </fieldset>
          <RichTextField
            kind="story"
            id="description"
            label={t('form.fields.description')}
            hint={t('form.fields.descriptionHint')}
            error={fieldErrors.description}
            initialContent={descriptionDoc}
            initialText={values.description}
            jsonName="descriptionJson"
            textName="description"
            rows={6}
          />
          {mode === 'new' ? (
            <SelectField name="space" label={t('form.fields.space')} hint={t('form.fields.spaceHint')} error={fieldErrors.space} defaultValue={values.space}>
              {spaces.map((space) => (
                <option key={space.id} value={space.id}>
                  {t('form.spaceOption', { name: space.name })}
                </option>
              ))}
              {organizations.length > 0 ? <option value="public">{t('form.publicOption')}</option> : null}
            </SelectField>
          ) : (
            <input type="hidden" name="space" value={values.space} />
          )}
          {organizations.length > 0 && (mode === 'new' || values.space === 'public') ? (
            <SelectField
              name="organization"
              label={t('form.fields.organization')}
              hint={t('form.fields.organizationHint')}
              error={fieldErrors.organization}
              defaultValue={values.organization}
            >
              {organizations.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.verified ? org.name : t('form.organizationNotVerified', { name: org.name })}
                </option>
              ))}
            </SelectField>
          ) : null}
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('form.sections.when')}</legend>
          <TextField name="date" type="date" label={t('form.fields.date')} error={fieldErrors.date} defaultValue={values.date} required />
          <div className="field field--checkbox">
            <input type="checkbox" id="allDay" name="allDay" defaultChecked={values.allDay} />
            <label htmlFor="allDay">{t('form.fields.allDay')}</label>
          </div>
          <div className="field-row">
            <TextField name="startTime" type="time" label={t('form.fields.startTime')} hint={t('form.fields.timeHint')} error={fieldErrors.startTime} defaultValue={values.startTime} />
            <TextField name="endTime" type="time" label={t('form.fields.endTime')} hint={t('form.fields.timeHint')} error={fieldErrors.endTime} defaultValue={values.endTime} />
          </div>
          <SelectField name="timezone" label={t('form.fields.timezone')} hint={t('form.fields.timezoneHint')} error={fieldErrors.timezone} defaultValue={values.timezone}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {ZONE_NAME_KEYS[zone] ? t(ZONE_NAME_KEYS[zone]) : zone}
              </option>
            ))}
          </SelectField>
          <fieldset className="field" aria-describedby={fieldErrors.repeat ? 'repeat-error' : undefined}>
            <legend>{t('form.fields.repeat')}</legend>
            {fieldErrors.repeat ? (
              <p className="field__error" id="repeat-error">
                {fieldErrors.repeat}
              </p>
            ) : null}
            <RepeatOption value="none" label={t('form.repeat.none')} checked={values.repeat === 'none' || !values.repeat} />
            <RepeatOption value="weekly" label={t('form.repeat.weekly')} checked={values.repeat === 'weekly'} />
            <RepeatOption value="biweekly" label={t('form.repeat.biweekly')} checked={values.repeat === 'biweekly'} />
            <RepeatOption value="monthly" label={t('form.repeat.monthly')} checked={values.repeat === 'monthly'} />
            {values.repeat === 'custom' && values.customRule ? (
              <>
                <RepeatOption value="custom" label={t('form.repeat.custom', { rule: values.customRule })} checked />
                <input type="hidden" name="customRule" value={values.customRule} />
              </>
            ) : null}
          </fieldset>
          <div className="field-row">
            <TextField name="until" type="date" label={t('form.fields.until')} hint={t('form.fields.untilHint')} error={fieldErrors.until} defaultValue={values.until} />
            <TextField name="count" type="number" inputMode="numeric" min={1} max={500} label={t('form.fields.count')} hint={t('form.fields.countHint')} error={fieldErrors.count} defaultValue={values.count} />
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('form.sections.where')}</legend>
          <TextField name="locationName" label={t('form.fields.locationName')} error={fieldErrors.locationName} defaultValue={values.locationName} maxLength={200} />
          <TextField name="locationAddress" label={t('form.fields.locationAddress')} error={fieldErrors.locationAddress} defaultValue={values.locationAddress} maxLength={300} autoComplete="street-address" />
          <TextField name="locationUrl" type="url" inputMode="url" label={t('form.fields.locationUrl')} hint={t('form.fields.locationUrlHint')} error={fieldErrors.locationUrl} defaultValue={values.locationUrl} />
          <TextAreaField name="accessibility" label={t('form.fields.accessibility')} hint={t('form.fields.accessibilityHint')} error={fieldErrors.accessibility} defaultValue={values.accessibility} rows={3} />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('form.sections.practical')}</legend>
          <fieldset className="field">
            <legend>{t('form.fields.practicalities')}</legend>
            {PRACTICALITIES.map((p) => (
              <div className="choice" key={p}>
                <input type="checkbox" id={`practicality-${p}`} name="practicalities" value={p} defaultChecked={values.practicalities.includes(p)} />
                <label htmlFor={`practicality-${p}`}>
                  <PracticalityIcon name={p} /> {t(PRACTICALITY_KEYS[p])}
                </label>
              </div>
            ))}
          </fieldset>
          <TextField name="interpreters" label={t('form.fields.interpreters')} hint={t('form.fields.interpretersHint')} error={fieldErrors.interpreters} defaultValue={values.interpreters} />
          <TextField name="capacity" type="number" inputMode="numeric" min={1} label={t('form.fields.capacity')} hint={t('form.fields.capacityHint')} error={fieldErrors.capacity} defaultValue={values.capacity} />
        </fieldset>

        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {mode === 'new' ? t('form.submitNew') : t('form.submitEdit')}
          </button>
          <Link to={cancelHref}>{t('form.back')}</Link>
        </div>
      </Form>
    </>
  );
}

function RepeatOption({ value, label, checked }: { value: RepeatChoice; label: string; checked: boolean }) {
  return (
    <div className="choice">
      <input type="radio" id={`repeat-${value}`} name="repeat" value={value} defaultChecked={checked} />
      <label htmlFor={`repeat-${value}`}>{label}</label>
    </div>
  );
}
