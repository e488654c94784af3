import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ACCESS_ATTRIBUTES, RESOURCE_STATUSES, SUPPORTED_LOCALES, TAXONOMY_CATEGORIES, WEEKDAYS } from '@sorstars/shared';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { CheckboxGroup } from './CheckboxGroup';
import { countryName, languageName, weekdayName } from './format';
import { COUNTRY_ZONES, STATUS_KEYS, attributeLabel, categoryLabel } from './labels';

export interface HoursRow {
  days: string[];
  opens: string;
  closes: string;
}
export interface ClosedRow {
  from: string;
  to: string;
  note: string;
}
export interface LocationValues {
  name: string;
  address: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
  lat: string;
  lng: string;
  confidential: boolean;
  accessibility: string;
  transport: string;
  /** Empty: the zone of the country. */
  timezone: string;
  hoursNote: string;
  hours: HoursRow[];
  closed: ClosedRow[];
}
export interface ResourceFormValues {
  organizationId: string;
  name: string;
  description: string;
  categories: string[];
  attributes: string[];
  languages: string[];
  eligibility: string;
  applicationProcess: string;
  fees: string;
  free: boolean;
  minimumAge: string;
  maximumAge: string;
  requiredDocuments: string;
  url: string;
  email: string;
  phone: string;
  status: string;
  alertText: string;
  alertUntil: string;
  capacityUnit: string;
  capacityAvailable: string;
  capacityMaximum: string;
  /**
   * A confidential place's address never comes back from the API, not even to its staff: its
   * places cannot be edited here (they would be saved without it), only the rest.
   */
  locationsLocked?: boolean;
  locations: LocationValues[];
  /** The texts in other languages, per locale (empty strings: none). */
  translations: Record<string, TranslationValues>;
}

export const TRANSLATED_FIELDS = ['name', 'description', 'eligibility', 'applicationProcess', 'fees'] as const;
export type TranslationValues = Record<(typeof TRANSLATED_FIELDS)[number], string>;

const COUNTRIES = Object.keys(COUNTRY_ZONES);
const LANGUAGES = [...SUPPORTED_LOCALES, 'ar', 'uk', 'ru', 'fa', 'ro', 'de', 'so', 'ti', 'ps', 'tr', 'hr', 'bs', 'sq', 'pl'];

/** Europe's zones (where the directory works) and UTC; Intl knows them all, so nothing is hard-coded. */
function zoneOptions(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : Object.values(COUNTRY_ZONES);
  const zones = all.filter((zone) => zone.startsWith('Europe/'));
  return [...new Set([...(current ? [current] : []), ...zones, 'UTC'])];
}

interface ResourceFormProps {
  values: ResourceFormValues;
  organizations: { id: string; name: string }[];
  editing: boolean;
  formError?: string;
  fieldErrors?: Record<string, string>;
}

/** The resource editor: works without JavaScript (rows are added and removed by submit buttons). */
export function ResourceForm({ values, organizations, editing, formError, fieldErrors = {} }: ResourceFormProps) {
  const { t, i18n } = useTranslation('resources');
  const locale = i18n.language;
  const e = (id: string) => fieldErrors[id];
  return (
    <Form method="post" className="editor" noValidate>
      <ErrorSummary formError={formError} fieldErrors={fieldErrors} />
      <input type="hidden" name="locationCount" value={values.locations.length} />
      {editing ? (
        <input type="hidden" name="organizationId" value={values.organizationId} />
      ) : (
        <SelectField name="organizationId" label={t('form.organization')} defaultValue={values.organizationId} error={e('organizationId')}>
          {organizations.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField name="name" label={t('form.name')} defaultValue={values.name} error={e('name')} required maxLength={200} />
      <TextAreaField name="description" label={t('form.description')} defaultValue={values.description} error={e('description')} rows={5} />
      <TranslationFields translations={values.translations} fieldErrors={fieldErrors} />
      <SelectField name="status" label={t('form.status')} defaultValue={values.status} error={e('status')}>
        {RESOURCE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(STATUS_KEYS[status])}
          </option>
        ))}
      </SelectField>

      <CheckboxGroup
        id="categories"
        name="categories"
        legend={t('form.categories')}
        options={TAXONOMY_CATEGORIES.map((c) => ({ value: c.code, label: categoryLabel(t, c.code) }))}
        checked={values.categories}
        error={e('categories')}
      />
      <CheckboxGroup id="attributes" name="attributes" legend={t('form.attributes')} options={ACCESS_ATTRIBUTES.map((code) => ({ value: code, label: attributeLabel(t, code) }))} checked={values.attributes} />
      <CheckboxGroup
        id="languages"
        name="languages"
        legend={t('form.languages')}
        options={LANGUAGES.map((code) => ({ value: code, label: languageName(code, locale) }))}
        checked={values.languages}
        error={e('languages')}
      />

      <fieldset>
        <legend>{t('form.whoAndHow')}</legend>
        <TextAreaField name="eligibility" label={t('details.eligibility')} defaultValue={values.eligibility} error={e('eligibility')} rows={2} />
        <div className="time-pair">
          <TextField name="minimumAge" label={t('form.minimumAge')} defaultValue={values.minimumAge} error={e('minimumAge')} inputMode="numeric" />
          <TextField name="maximumAge" label={t('form.maximumAge')} defaultValue={values.maximumAge} error={e('maximumAge')} inputMode="numeric" />
        </div>
        <TextAreaField name="applicationProcess" label={t('details.applicationProcess')} defaultValue={values.applicationProcess} error={e('applicationProcess')} rows={2} />
        <TextAreaField name="requiredDocuments" label={t('details.requiredDocuments')} hint={t('form.onePerLine')} defaultValue={values.requiredDocuments} error={e('requiredDocuments')} rows={2} />
        <div className="field field--checkbox">
          <input type="checkbox" id="free" name="free" value="true" defaultChecked={values.free} />
          <label htmlFor="free">{t('details.free')}</label>
        </div>
        <TextField name="fees" label={t('details.fees')} defaultValue={values.fees} error={e('fees')} />
      </fieldset>

      <fieldset>
        <legend>{t('details.contact')}</legend>
        <TextField name="phone" label={t('form.phone')} defaultValue={values.phone} error={e('phone')} type="tel" autoComplete="off" />
        <TextField name="email" label={t('form.email')} defaultValue={values.email} error={e('email')} type="email" autoComplete="off" />
        <TextField name="url" label={t('details.website')} defaultValue={values.url} error={e('url')} type="url" autoComplete="off" />
      </fieldset>

      <fieldset>
        <legend>{t('form.now')}</legend>
        <TextField name="alertText" label={t('form.alertText')} hint={t('form.alertHint')} defaultValue={values.alertText} error={e('alertText')} />
        <TextField name="alertUntil" label={t('form.alertUntil')} defaultValue={values.alertUntil} error={e('alertUntil')} type="date" />
        <TextField name="capacityUnit" label={t('form.capacityUnit')} hint={t('form.capacityHint')} defaultValue={values.capacityUnit} error={e('capacityUnit')} />
        <div className="time-pair">
          <TextField name="capacityAvailable" label={t('form.capacityAvailable')} defaultValue={values.capacityAvailable} error={e('capacityAvailable')} inputMode="numeric" />
          <TextField name="capacityMaximum" label={t('form.capacityMaximum')} defaultValue={values.capacityMaximum} error={e('capacityMaximum')} inputMode="numeric" />
        </div>
      </fieldset>

      {values.locationsLocked ? (
        <>
          <input type="hidden" name="locationsLocked" value="true" />
          <p className="notice" data-testid="locations-locked">
            {t('form.locationsLocked')}
          </p>
        </>
      ) : (
        <>
          {values.locations.map((location, l) => (
            <LocationFields key={l} location={location} index={l} fieldErrors={fieldErrors} />
          ))}
          <p>
            <button type="submit" name="intent" value="add-location" className="button button--secondary" formNoValidate>
              {t('form.addLocation')}
            </button>
          </p>
        </>
      )}
      <button type="submit" name="intent" value="save" className="button">
        {editing ? t('form.submitEdit') : t('form.submitNew')}
      </button>
    </Form>
  );
}

function LocationFields({ location, index: l, fieldErrors }: { location: LocationValues; index: number; fieldErrors: Record<string, string> }) {
  const { t, i18n } = useTranslation('resources');
  const locale = i18n.language;
  const p = `loc-${l}-`;
  const e = (name: string) => fieldErrors[`${p}${name}`];
  const countryZone = COUNTRY_ZONES[location.country] ?? '';
  return (
    <fieldset className="location-fields" data-testid="location-fields">
      <legend>{t('form.location', { number: l + 1 })}</legend>
      <input type="hidden" name={`${p}hoursCount`} value={location.hours.length} />
      <input type="hidden" name={`${p}closedCount`} value={location.closed.length} />
      <TextField name={`${p}name`} label={t('form.locationName')} defaultValue={location.name} error={e('name')} />
      <div className="field field--checkbox">
        <input type="checkbox" id={`${p}confidential`} name={`${p}confidential`} value="true" defaultChecked={location.confidential} aria-describedby={`${p}confidential-hint`} />
        <label htmlFor={`${p}confidential`}>{t('form.confidential')}</label>
        <p className="field__hint" id={`${p}confidential-hint`}>
          {t('form.confidentialHint')}
        </p>
      </div>
      <TextField name={`${p}address`} label={t('form.address')} defaultValue={location.address} error={e('address')} autoComplete="off" />
      <div className="time-pair">
        <TextField name={`${p}postalCode`} label={t('form.postalCode')} defaultValue={location.postalCode} error={e('postalCode')} autoComplete="off" />
        <TextField name={`${p}city`} label={t('form.city')} defaultValue={location.city} error={e('city')} autoComplete="off" />
      </div>
      <TextField name={`${p}region`} label={t('form.region')} defaultValue={location.region} error={e('region')} />
      <SelectField name={`${p}country`} label={t('form.country')} defaultValue={location.country} error={e('country')}>
        {[...new Set([...COUNTRIES, location.country].filter(Boolean))].map((code) => (
          <option key={code} value={code}>
            {countryName(code, locale)}
          </option>
        ))}
      </SelectField>
      <div className="time-pair">
        <TextField name={`${p}lat`} label={t('form.lat')} defaultValue={location.lat} error={e('lat')} inputMode="decimal" />
        <TextField name={`${p}lng`} label={t('form.lng')} defaultValue={location.lng} error={e('lng')} inputMode="decimal" />
      </div>
      <TextAreaField name={`${p}accessibility`} label={t('details.accessibility')} hint={t('form.onePerLine')} defaultValue={location.accessibility} error={e('accessibility')} rows={2} />
      <TextAreaField name={`${p}transport`} label={t('details.transport')} defaultValue={location.transport} error={e('transport')} rows={2} />

      <h3>{t('details.hours')}</h3>
      <SelectField name={`${p}timezone`} label={t('form.timezone')} defaultValue={location.timezone} error={e('timezone')}>
        <option value="">{t('form.countryZone', { zone: countryZone || 'UTC' })}</option>
        {zoneOptions(location.timezone).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </SelectField>
      <p className="field__hint">{t('form.hoursHint')}</p>
      {e('hours') ? <p className="field__error">{e('hours')}</p> : null}
      {location.hours.map((row, h) => (
        <div key={h} className="hours-row" data-testid="hours-row">
          <fieldset className="day-checks" id={`${p}hours-${h}-days`}>
            <legend className="visually-hidden">{t('form.hoursRow', { number: h + 1 })}</legend>
            {WEEKDAYS.map((day) => (
              <label key={day}>
                <input type="checkbox" name={`${p}hours-${h}-days`} value={day} defaultChecked={row.days.includes(day)} />
                {weekdayName(day, locale, 'short')}
                <span className="visually-hidden"> ({weekdayName(day, locale, 'long')})</span>
              </label>
            ))}
          </fieldset>
          {e(`hours-${h}-days`) ? <p className="field__error">{e(`hours-${h}-days`)}</p> : null}
          <div className="time-pair">
            <TextField name={`${p}hours-${h}-opens`} label={t('form.opens')} type="time" defaultValue={row.opens} error={e(`hours-${h}-opens`)} />
            <TextField name={`${p}hours-${h}-closes`} label={t('form.closes')} type="time" defaultValue={row.closes} error={e(`hours-${h}-closes`)} />
          </div>
          <button type="submit" name="intent" value={`remove-hours:${l}:${h}`} className="link-button" formNoValidate>
            {t('form.removeHours', { number: h + 1 })}
          </button>
        </div>
      ))}
      <p>
        <button type="submit" name="intent" value={`add-hours:${l}`} className="button button--secondary" formNoValidate>
          {t('form.addHours')}
        </button>
      </p>
      <TextField name={`${p}hoursNote`} label={t('form.hoursNote')} hint={t('form.hoursNoteHint')} defaultValue={location.hoursNote} error={e('hoursNote')} />

      <h3>{t('details.closedDates')}</h3>
      {location.closed.map((row, c) => (
        <div key={c} className="hours-row" data-testid="closed-row">
          <div className="time-pair">
            <TextField name={`${p}closed-${c}-from`} label={t('form.closedFrom')} type="date" defaultValue={row.from} error={e(`closed-${c}-from`)} />
            <TextField name={`${p}closed-${c}-to`} label={t('form.closedTo')} type="date" defaultValue={row.to} error={e(`closed-${c}-to`)} />
          </div>
          <TextField name={`${p}closed-${c}-note`} label={t('form.closedNote')} defaultValue={row.note} error={e(`closed-${c}-note`)} />
          <button type="submit" name="intent" value={`remove-closed:${l}:${c}`} className="link-button" formNoValidate>
            {t('form.removeClosed', { number: c + 1 })}
          </button>
        </div>
      ))}
      <p>
        <button type="submit" name="intent" value={`add-closed:${l}`} className="button button--secondary" formNoValidate>
          {t('form.addClosed')}
        </button>
      </p>
      {l > 0 ? (
        <button type="submit" name="intent" value={`remove-location:${l}`} className="button button--danger" formNoValidate>
          {t('form.removeLocation', { number: l + 1 })}
        </button>
      ) : null}
    </fieldset>
  );
}

const TRANSLATION_LABELS: Record<(typeof TRANSLATED_FIELDS)[number], string> = {
  name: 'form.name',
  description: 'form.description',
  eligibility: 'details.eligibility',
  applicationProcess: 'details.applicationProcess',
  fees: 'details.fees',
};

/**
 * The texts in each of the six languages, one folded section per language (open when it has text
 * or a mistake), so a phone shows six short lines until one is opened. Works without JavaScript.
 */
function TranslationFields({ translations, fieldErrors }: { translations: Record<string, TranslationValues>; fieldErrors: Record<string, string> }) {
  const { t, i18n } = useTranslation('resources');
  return (
    <fieldset className="translations" aria-describedby="translations-hint">
      <legend>{t('form.translations')}</legend>
      <p className="field__hint" id="translations-hint">
        {t('form.translationsHint')}
      </p>
      {SUPPORTED_LOCALES.map((locale) => {
        const values = translations[locale] ?? { name: '', description: '', eligibility: '', applicationProcess: '', fees: '' };
        const filled = Object.values(values).some((v) => v.trim() !== '');
        const wrong = TRANSLATED_FIELDS.some((f) => fieldErrors[`translations-${locale}-${f}`]);
        // Each label names its language, so no two fields of the form share one.
        const language = languageName(locale, i18n.language);
        return (
          <details key={locale} className="translations__language" open={filled || wrong} data-testid={`translation-${locale}`}>
            <summary>
              {language}
              {filled ? <span className="muted"> · {t('form.translationFilled')}</span> : null}
            </summary>
            {TRANSLATED_FIELDS.map((field) => {
              const common = {
                id: `translations-${locale}-${field}`,
                name: `tr-${locale}-${field}`,
                label: `${t(TRANSLATION_LABELS[field])} (${language})`,
                defaultValue: values[field],
                error: fieldErrors[`translations-${locale}-${field}`],
                lang: locale,
              };
              return field === 'name' || field === 'fees' ? (
                <TextField key={field} {...common} />
              ) : (
                <TextAreaField key={field} {...common} rows={field === 'description' ? 4 : 2} />
              );
            })}
          </details>
        );
      })}
    </fieldset>
  );
}
