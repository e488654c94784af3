import { useTranslation } from 'react-i18next';

/** The codes, each on its own line, in a font where 0/O and 1/l cannot be confused. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  const { t } = useTranslation('accounts');
  return (
    <ol className="recovery-codes" aria-label={t('recoveryCodes.listLabel')} data-testid="recovery-codes">
      {codes.map((code) => (
        <li key={code}>
          <code>{code}</code>
        </li>
      ))}
    </ol>
  );
}
