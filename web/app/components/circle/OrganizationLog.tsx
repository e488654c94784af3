import { useTranslation } from 'react-i18next';
import type { OrganizationLogEntry } from '@sorstars/shared';
import { Day } from './Day';

const ACTION_KEYS: Record<OrganizationLogEntry['action'], string> = {
  circle_created: 'log.circle_created',
  mentor_added: 'log.mentor_added',
  mentor_removed: 'log.mentor_removed',
  numbers_viewed: 'log.numbers_viewed',
  numbers_downloaded: 'log.numbers_downloaded',
  feedback_viewed: 'log.feedback_viewed',
  admin_handed_over: 'log.admin_handed_over',
};

/** Every use of a coordinator's powers, for the organisation's mentors to read. */
export function OrganizationLog({ entries }: { entries: OrganizationLogEntry[] }) {
  const { t } = useTranslation('circle');
  return (
    <section aria-labelledby="org-log-title">
      <h2 id="org-log-title">{t('log.title')}</h2>
      <p className="muted">{t('log.lead')}</p>
      {entries.length === 0 ? (
        <p>{t('log.none')}</p>
      ) : (
        <ul className="org-log">
          {entries.map((e) => (
            <li key={e.id}>
              <Day value={e.createdAt} /> · {t(ACTION_KEYS[e.action], { actor: e.actor?.username ?? t('log.formerMember'), subject: e.subject?.username ?? t('log.formerMember') })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
