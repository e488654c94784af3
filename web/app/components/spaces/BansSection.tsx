import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { SpaceBan } from '@sorstars/shared';
import { DateTime } from '~/components/ui/DateTime';
import { ErrorSummary } from '~/components/ui/ErrorSummary';

/**
 * People removed from the space, kept out for good or until a time: hosts and moderators see
 * them here and can let them back (they may then ask, join or use an invitation again).
 */
export function BansSection({ bans, result }: { bans: SpaceBan[] | null; result?: { saved?: boolean; errors?: { formError?: string } } }) {
  const { t, i18n } = useTranslation('spaces');
  return (
    <section className="panel" aria-labelledby="bans-title">
      <h2 id="bans-title">{t('manage.bansTitle')}</h2>
      <p>{t('manage.bansIntro')}</p>
      {result?.saved ? (
        <p className="notice" role="status">
          {t('manage.saved')}
        </p>
      ) : null}
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={{}} />
      {bans === null ? (
        <p>{t('manage.couldNotLoad')}</p>
      ) : bans.length === 0 ? (
        <p>{t('manage.noBans')}</p>
      ) : (
        <ul className="plain-list">
          {bans.map((ban) => {
            const nameId = `ban-${ban.user.id}-name`;
            return (
              <li key={ban.user.id} className="plain-list__item">
                <p className="plain-list__name" id={nameId}>
                  {ban.user.displayName || ban.user.username}
                </p>
                <p className="muted">
                  {ban.until ? (
                    <>
                      {t('manage.bannedUntil')} <DateTime value={ban.until} locale={i18n.language} />
                    </>
                  ) : (
                    t('manage.bannedForGood')
                  )}
                  {ban.bannedBy ? <> · {t('manage.bannedBy', { name: ban.bannedBy })}</> : null}
                </p>
                {ban.reason ? <p className="request-note">{ban.reason}</p> : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="liftBan" />
                  <input type="hidden" name="id" value={ban.user.id} />
                  <button type="submit" className="button button--secondary button--small" aria-describedby={nameId}>
                    {t('manage.liftBan')}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
