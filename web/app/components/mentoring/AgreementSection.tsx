import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { MentoringAgreement } from '@sorstars/shared';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { AGREEMENT_FIELDS } from './labels';

/** The pair's shared agreement: both read it, both may change it, and each save is a new version. */
export function AgreementSection({
  agreement,
  editable,
  errors,
}: {
  agreement: { current: MentoringAgreement | null; versions: MentoringAgreement[] };
  editable: boolean;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('mentoring');
  const current = agreement.current;
  return (
    <section aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">{t('match.agreement')}</h2>
      <p className="hint">{t('match.agreementIntro')}</p>
      {current ? (
        <p className="mentoring-card__meta">{t('match.agreementVersion', { version: current.version, name: current.writtenBy ? current.writtenBy.displayName || current.writtenBy.username : '—' })}</p>
      ) : (
        <p>{t('match.noAgreement')}</p>
      )}
      {editable ? (
        <Form method="post" className="editor">
          <input type="hidden" name="baseVersion" value={current?.version ?? 0} />
          {AGREEMENT_FIELDS.map((f) => (
            <TextAreaField key={f.name} name={f.name} label={t(f.key)} defaultValue={current?.[f.name] ?? ''} error={errors[f.name]} rows={2} maxLength={f.max} />
          ))}
          <button type="submit" name="intent" value="agreement" className="button">
            {t('match.saveAgreement')}
          </button>
        </Form>
      ) : current ? (
        <dl className="mentoring-agreement">
          {AGREEMENT_FIELDS.map((f) => (
            <div key={f.name}>
              <dt>{t(f.key)}</dt>
              <dd>{current[f.name] || '—'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
