import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { MentoringAgreement } from '@sorstars/shared';
import { TextAreaField } from '~/components/ui/TextAreaField';

const FIELDS = ['howOften', 'channel', 'coordinatorMaySee', 'howToEnd'] as const;

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
          {FIELDS.map((f) => (
            <TextAreaField key={f} name={f} label={t(`match.${f}`)} defaultValue={current?.[f] ?? ''} error={errors[f]} rows={2} maxLength={f === 'howOften' || f === 'channel' ? 300 : 500} />
          ))}
          <button type="submit" name="intent" value="agreement" className="button">
            {t('match.saveAgreement')}
          </button>
        </Form>
      ) : current ? (
        <dl className="mentoring-agreement">
          {FIELDS.map((f) => (
            <div key={f}>
              <dt>{t(`match.${f}`)}</dt>
              <dd>{current[f] || '—'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
