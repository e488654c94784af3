import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { TextField } from '~/components/ui/TextField';

export interface EmailStatus {
  address: string | null;
  verified: boolean;
  failing: boolean;
  verificationSentAt: string | null;
}

/**
 * The optional e-mail address (shown only where the server sends e-mail): add one, see whether it
 * is confirmed, remove it. Plain forms, so it works before JavaScript.
 */
export function EmailAddress({ status, sent, removed, error }: { status: EmailStatus; sent?: boolean | null; removed?: boolean; error?: string }) {
  const { t } = useTranslation('events');
  const address = status.address ?? '';
  return (
    <section className="panel" aria-labelledby="email-title">
      <h2 id="email-title">{t('emailAddress.title')}</h2>
      <p>{t('emailAddress.explain')}</p>
      {sent === true ? (
        <p className="notice" role="status">
          {t('emailAddress.sent', { address })}
        </p>
      ) : sent === false ? (
        <p className="notice" role="status">
          {t('emailAddress.notSent')}
        </p>
      ) : null}
      {removed ? (
        <p className="notice" role="status">
          {t('emailAddress.removed')}
        </p>
      ) : null}
      {status.address ? (
        <p data-testid="email-status">
          {status.failing
            ? t('emailAddress.failing', { address })
            : status.verified
              ? t('emailAddress.verified', { address })
              : t('emailAddress.pending', { address })}
        </p>
      ) : null}
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="set-email" />
        <TextField name="address" id="email-address" type="email" autoComplete="email" label={t('emailAddress.label')} defaultValue={address} error={error} required />
        <button type="submit" className="button">
          {t('emailAddress.add')}
        </button>
      </Form>
      {status.address ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove-email" />
          <button type="submit" className="link-button">
            {t('emailAddress.remove')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
