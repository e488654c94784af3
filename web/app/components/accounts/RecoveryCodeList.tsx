import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '~/components/ui/CopyButton';

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

/**
 * Ways to keep the codes. The download is a data: link written into the page on the server, so it
 * works without JavaScript and needs nothing the Content-Security-Policy would have to allow; the
 * codes never pass through another request. Printing uses the print stylesheet (only the codes).
 */
export function RecoveryCodeActions({ codes }: { codes: string[] }) {
  const { t } = useTranslation('accounts');
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === 'function'), []);
  const text = [t('recoveryCodes.fileTitle'), t('recoveryCodes.fileExplanation'), '', ...codes, ''].join('\r\n');
  return (
    <div className="recovery-actions button-row" data-testid="recovery-actions">
      <CopyButton text={codes.join('\n')} label={t('recoveryCodes.copy')} copied={t('recoveryCodes.copied')} failed={t('recoveryCodes.copyFailed')} />
      {canPrint ? (
        <button type="button" className="button button--small button--secondary" onClick={() => window.print()}>
          {t('recoveryCodes.print')}
        </button>
      ) : null}
      <a className="button button--small button--secondary" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="sorstars-recovery-codes.txt">
        {t('recoveryCodes.download')}
      </a>
    </div>
  );
}
