import { useTranslation } from 'react-i18next';

/** An organisation a platform admin has checked, or one that is "not yet verified". */
export function VerifiedMark({ verified }: { verified: boolean }) {
  const { t } = useTranslation('organizations');
  return verified ? (
    <span className="verified-mark verified-mark--yes" data-testid="verified-mark">
      <span aria-hidden="true">✓ </span>
      {t('mark.verified')}
    </span>
  ) : (
    <span className="verified-mark verified-mark--no" data-testid="verified-mark">
      {t('mark.notVerified')}
    </span>
  );
}
