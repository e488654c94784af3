import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { RegistrationSettings } from '@sorstars/shared';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { ParticipantFields } from './ParticipantFields';
import { formatDayOnly } from './format';

/**
 * The registration form of a multiplier event. It posts to /events/:id/register, which also shows
 * it again with the mistakes marked, so it works before (or without) JavaScript.
 */
export function RegistrationForm({
  eventId,
  settings,
  values = {},
  errors = {},
  formError,
}: {
  eventId: string;
  settings: RegistrationSettings;
  values?: Partial<Record<string, string | boolean>>;
  errors?: Record<string, string>;
  formError?: string;
}) {
  const { t, i18n } = useTranslation('registrations');
  if (!settings.open) return <p>{t('form.closed')}</p>;
  return (
    <Form method="post" action={`/events/${eventId}/register`} className="editor" noValidate>
      <ErrorSummary formError={formError} fieldErrors={errors} />
      <p>{t('form.lead')}</p>
      <p>{t('form.noAccount')}</p>
      <ParticipantFields values={values} errors={errors} consentText={settings.consentText} consentLabel={t('form.consent')} />
      <p className="field__hint">{t('form.kept', { date: formatDayOnly(settings.retentionUntil, i18n.language) })}</p>
      <button type="submit" className="button">
        {t('form.submit')}
      </button>
    </Form>
  );
}

/** On the event page: the form for everyone, and the way to the registrations for the organisers. */
export function RegistrationSection({ eventId, settings, canManage }: { eventId: string; settings: RegistrationSettings | null; canManage: boolean }) {
  const { t } = useTranslation('registrations');
  const staff = settings ? settings.partnerOrganisations !== null : canManage;
  if (!settings && !staff) return null;
  return (
    <section aria-labelledby="registration-title" className="registration">
      <h2 id="registration-title">{t('form.title')}</h2>
      {staff ? (
        <p>
          <Link to={`/events/${eventId}/registrations`}>{t('staff.manage')}</Link>
        </p>
      ) : null}
      {settings ? <RegistrationForm eventId={eventId} settings={settings} /> : <p>{t('staff.notSet')}</p>}
    </section>
  );
}
