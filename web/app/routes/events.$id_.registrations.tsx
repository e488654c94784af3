import {
  MaxPartSizeExceededError,
  data,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { REGISTRATION_IMPORT_MAX_BYTES, registrationSettingsSchema, type EventReport } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { eventReportAnswer, importAnswer, registrationSettingsAnswer } from '~/utils/registrations.server';
import { staffEvent } from '~/utils/registrations-staff.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import styles from '~/components/registrations/registrations.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const handle: RouteHandle = {
  title: (t) => t('staff.pageTitle', { ns: 'registrations' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, settings, locale } = await staffEvent(request, params.id ?? '');
  const report = settings ? await api(request, `/api/events/${event.id}/report`, { schema: eventReportAnswer, locale }) : null;
  return { event: { id: event.id, title: event.title }, settings, report: report?.ok ? report.data : null };
}

type ActionData = { intent: 'settings' | 'import'; errors?: FormErrors; values?: Record<string, string>; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, locale } = await staffEvent(request, params.id ?? '');
  const t = await translatorFor(locale);
  const multipart = request.headers.get('content-type')?.startsWith('multipart/form-data');
  if (multipart) {
    // The file is read into memory only up to the API's limit; a bigger one is refused here.
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: REGISTRATION_IMPORT_MAX_BYTES + 1 }));
    } catch (err) {
      if (!(err instanceof MaxPartSizeExceededError)) throw err;
      return data<ActionData>({ intent: 'import', errors: { fieldErrors: { file: t('validation.fileTooLarge', { ns: 'errors' }) } } }, { status: 413 });
    }
    const file = form.get('file');
    const csv = file instanceof File ? await file.text() : '';
    const result = await api(request, `/api/events/${event.id}/registrations/import`, { method: 'POST', body: { csv }, schema: importAnswer, locale });
    if (!result.ok) {
      // Each problem names its line of the file: say which, next to the file field.
      const lines = (result.problem.errors ?? []).map((e) => `${e.path.replace(/^csv\[(\d+)\]\.?/, (_, n: string) => `${n}: `)} ${e.message}`.trim());
      const base = problemErrors(result, t);
      return data<ActionData>({ intent: 'import', errors: { formError: base.formError, fieldErrors: { file: lines.join(' · ') || base.formError || '' } } }, { status: result.status });
    }
    return data<ActionData>({ intent: 'import', done: t('staff.imported', { ns: 'registrations', count: result.data.imported }) });
  }
  const form = await request.formData();
  const values = {
    consentText: String(form.get('consentText') ?? ''),
    retentionUntil: String(form.get('retentionUntil') ?? ''),
    partnerOrganisations: String(form.get('partnerOrganisations') ?? ''),
  };
  const body = {
    consentText: values.consentText,
    retentionUntil: values.retentionUntil,
    partnerOrganisations: values.partnerOrganisations.split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
    open: form.get('open') === 'true',
  };
  const checked = validate(registrationSettingsSchema, body, t);
  if (!checked.ok) return data<ActionData>({ intent: 'settings', errors: checked.errors, values }, { status: 400 });
  const result = await api(request, `/api/events/${event.id}/registration-settings`, { method: 'PUT', body: checked.data, schema: registrationSettingsAnswer, locale });
  if (!result.ok) return data<ActionData>({ intent: 'settings', errors: problemErrors(result, t), values }, { status: result.status });
  return data<ActionData>({ intent: 'settings', done: t('staff.saved', { ns: 'registrations' }) });
}

function Numbers({ report }: { report: EventReport }) {
  const { t } = useTranslation('registrations');
  const items = [
    [t('staff.registered'), report.registered],
    [t('staff.attended'), report.attended],
    [t('staff.externalRegistered'), report.external.registered],
    [t('staff.externalAttended'), report.external.attended],
  ] as const;
  return (
    <ul className="registration-numbers">
      {items.map(([label, n]) => (
        <li key={label}>
          <strong>{n}</strong>
          {label}
        </li>
      ))}
    </ul>
  );
}

export default function RegistrationsPage() {
  const { event, settings, report } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation('registrations');
  const settingsAnswer = answer?.intent === 'settings' ? answer : undefined;
  const importAnswered = answer?.intent === 'import' ? answer : undefined;
  const errors = settingsAnswer?.errors?.fieldErrors ?? {};
  const values = settingsAnswer?.values;
  const base = `/api/events/${event.id}`;
  return (
    <div className="narrow-wide">
      <p>
        <Link to={`/events/${event.id}`}>{t('staff.toEvent')}</Link>
      </p>
      <h1>{t('staff.title', { title: event.title })}</h1>
      {settings && report ? (
        <>
          <section aria-labelledby="numbers-title">
            <h2 id="numbers-title">{t('staff.numbers')}</h2>
            <Numbers report={report} />
            <p>
              <Link to={`/events/${event.id}/check-in`} className="button">
                {t('staff.checkIn')}
              </Link>
            </p>
          </section>
          <section aria-labelledby="downloads-title">
            <h2 id="downloads-title">{t('staff.downloads')}</h2>
            <ul className="registration-downloads">
              <li>
                <a href={`${base}/sign-in-sheet.pdf`} download>
                  {t('staff.signInSheet')}
                </a>
              </li>
              <li>
                <a href={`${base}/report.pdf`} download>
                  {t('staff.reportPdf')}
                </a>
              </li>
              <li>
                <a href={`${base}/report.csv`} download>
                  {t('staff.reportCsv')}
                </a>
              </li>
              <li>
                <a href={`${base}/registrations.csv`} download>
                  {t('staff.exportCsv')}
                </a>
              </li>
            </ul>
          </section>
        </>
      ) : (
        <p>{t('staff.notSet')}</p>
      )}
      <section aria-labelledby="settings-title">
        <h2 id="settings-title">{t('staff.settings')}</h2>
        <Form method="post" className="editor" noValidate>
          <ErrorSummary formError={settingsAnswer?.errors?.formError} fieldErrors={errors} />
          {settingsAnswer?.done ? <p role="status">{settingsAnswer.done}</p> : null}
          <TextAreaField name="consentText" label={t('staff.consentText')} hint={t('staff.consentHint')} defaultValue={values?.consentText ?? settings?.consentText} error={errors.consentText} rows={4} required />
          <TextField name="retentionUntil" type="date" label={t('staff.retentionUntil')} hint={t('staff.retentionHint')} defaultValue={values?.retentionUntil ?? settings?.retentionUntil ?? ''} error={errors.retentionUntil} required />
          <TextAreaField
            name="partnerOrganisations"
            label={t('staff.partners')}
            hint={t('staff.partnersHint')}
            defaultValue={values?.partnerOrganisations ?? settings?.partnerOrganisations?.join('\n')}
            error={errors.partnerOrganisations}
            rows={3}
          />
          <div className="field field--checkbox">
            <input type="checkbox" id="open" name="open" value="true" defaultChecked={settings?.open ?? true} />
            <label htmlFor="open">{t('staff.open')}</label>
          </div>
          <button type="submit" className="button">
            {t('staff.save')}
          </button>
        </Form>
      </section>
      {settings ? (
        <section aria-labelledby="import-title">
          <h2 id="import-title">{t('staff.importTitle')}</h2>
          <Form method="post" encType="multipart/form-data" className="editor" noValidate>
            <ErrorSummary formError={importAnswered?.errors?.formError} fieldErrors={importAnswered?.errors?.fieldErrors ?? {}} />
            {importAnswered?.done ? <p role="status">{importAnswered.done}</p> : null}
            <TextField name="file" type="file" accept=".csv,text/csv" label={t('staff.importFile')} hint={t('staff.importHint')} error={importAnswered?.errors?.fieldErrors.file} required />
            <button type="submit" className="button">
              {t('staff.importSubmit')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
