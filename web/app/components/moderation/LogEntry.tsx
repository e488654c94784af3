import { useTranslation } from 'react-i18next';
import type { ModerationLogEntry } from '@sorstars/shared';
import { logLine } from './labels';
import { LocalDay, useLocalText } from './LocalDate';

/**
 * One step, in plain words: "A message was removed — Reason: … — Guideline: … — 3 Nov 2025".
 * The moderator is named only when the answer carries a name (the space chose to show them).
 */
export function LogEntry({ entry }: { entry: ModerationLogEntry }) {
  const { t, i18n } = useTranslation('moderation');
  const until = useLocalText(entry.until, i18n.language);
  return (
    <li className="log-entry" data-testid="log-entry" data-action={entry.action}>
      <p className="log-entry__what">
        <strong>{logLine(t, entry, until)}</strong>
      </p>
      {entry.reason ? <p className="log-entry__detail">{t('log.reason', { reason: entry.reason })}</p> : null}
      {entry.guideline ? <p className="log-entry__detail">{t('log.guideline', { guideline: entry.guideline })}</p> : null}
      <p className="log-entry__meta muted">
        <LocalDay value={entry.createdAt} locale={i18n.language} />
        {entry.moderator ? <> · {t('log.by', { name: entry.moderator })}</> : entry.moderator === null ? <> · {t('log.automatic')}</> : null}
      </p>
    </li>
  );
}
