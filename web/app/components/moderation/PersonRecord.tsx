import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '@sorstars/shared';
import { useLocalText } from './LocalDate';
import { ROLE_LABEL } from './PersonBits';

type Entry = PersonDetail['history'][number];

/** The admins' own steps; the queue's steps read as the space log says them. */
const ADMIN_LINES: Record<string, string> = {
  grant_role: 'people.lines.grant_role',
  revoke_role: 'people.lines.revoke_role',
  lift_suspension: 'people.lines.lift_suspension',
};

function When({ value }: { value: string }) {
  const { i18n } = useTranslation();
  const text = useLocalText(value, i18n.language);
  return <time dateTime={value}>{text}</time>;
}

/** One log line in words, reusing the space log's sentences where they exist. */
function HistoryLine({ entry }: { entry: Entry }) {
  const { t, i18n } = useTranslation('moderation');
  const until = useLocalText(entry.until, i18n.language);
  const target = t(`targets.${entry.targetType}`, { defaultValue: t('targets.other') });
  const role = entry.role && entry.role in ROLE_LABEL ? t(ROLE_LABEL[entry.role as keyof typeof ROLE_LABEL]) : (entry.role ?? '');
  const line =
    entry.action in ADMIN_LINES
      ? t(ADMIN_LINES[entry.action], { role })
      : entry.action === 'suspend'
        ? entry.until
          ? t('log.lines.suspendUntil', { until })
          : t('log.lines.suspendForGood')
        : t(`log.lines.${entry.action}`, { target, until, defaultValue: t('log.lines.other') });
  return (
    <>
      <p className="plain-list__name">{line}</p>
      <p className="muted">
        <When value={entry.createdAt} />
        {entry.spaceName ? ` · ${t('people.inSpace', { space: entry.spaceName })}` : ''}
        {entry.moderator ? ` · ${t('log.by', { name: entry.moderator })}` : entry.moderator === null ? ` · ${t('log.automatic')}` : ''}
      </p>
      {entry.reason ? <p>{t('log.reason', { reason: entry.reason })}</p> : null}
    </>
  );
}

/** What was done about a person, where they are kept out or paused, and what was reported about them. */
export function PersonRecord({ person }: { person: PersonDetail }) {
  const { t } = useTranslation('moderation');
  return (
    <>
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t('people.historyTitle')}</h2>
        {person.history.length ? (
          <ul className="plain-list" data-testid="person-history">
            {person.history.map((entry) => (
              <li key={entry.id} className="plain-list__item">
                <HistoryLine entry={entry} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('people.nothingYet')}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="limits-title">
        <h2 id="limits-title">{t('people.limitsTitle')}</h2>
        {person.bans.length || person.mutes.length ? (
          <ul className="plain-list">
            {person.bans.map((ban) => (
              <li key={`ban-${ban.spaceId}`} className="plain-list__item">
                <p className="plain-list__name">{t('people.bannedFrom', { space: ban.spaceName })}</p>
                <p className="muted">{ban.until ? <>{t('people.until')} <When value={ban.until} /></> : t('people.forGood')}</p>
                {ban.reason ? <p>{t('log.reason', { reason: ban.reason })}</p> : null}
              </li>
            ))}
            {person.mutes.map((mute) => (
              <li key={`mute-${mute.spaceId}`} className="plain-list__item">
                <p className="plain-list__name">{t('people.mutedIn', { space: mute.spaceName })}</p>
                <p className="muted">
                  {t('people.until')} <When value={mute.until} />
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('people.noLimits')}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="reports-title">
        <h2 id="reports-title">{t('people.reportsTitle')}</h2>
        <p>{t('people.reportsIntro')}</p>
        {person.reports.length ? (
          <ul className="plain-list">
            {person.reports.map((report) => (
              <li key={report.id} className="plain-list__item">
                <p className="plain-list__name">
                  {t(`kinds.${report.kind}`, { defaultValue: t('kinds.report') })}: {t(`targets.${report.targetType}`, { defaultValue: t('targets.other') })}
                </p>
                <p className="muted">
                  <When value={report.createdAt} /> · {report.status === 'open' ? t('people.reportOpen') : t('people.reportClosed')}
                </p>
                {report.reasons.length ? <p>{report.reasons.map((r) => t(`reasons.${r}`, { defaultValue: r })).join(', ')}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('people.noReports')}</p>
        )}
      </section>
    </>
  );
}
