import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SPACE_NOTIFICATION_LEVELS, type SpaceNotificationLevel } from '@sorstars/shared';
import { lasting } from '~/utils/lasting-values';

const LEVEL_LABEL: Record<SpaceNotificationLevel, string> = {
  all: 'spaceBell.level.all',
  mentions: 'spaceBell.level.mentions',
  none: 'spaceBell.level.none',
};

/**
 * The bell menu of a space: everything, mentions and replies only, or nothing. A plain form in a
 * disclosure, so it works before JavaScript; the summary says the current choice.
 */
export function SpaceBell({ level, saved, error }: { level: SpaceNotificationLevel; saved: boolean; error?: string }) {
  const { t } = useTranslation('events');
  const busy = useNavigation().state === 'submitting';
  return (
    <details className="space-bell" open={saved || Boolean(error)}>
      <summary>
        {t('spaceBell.summary', lasting({ level: t(LEVEL_LABEL[level]) }))}
      </summary>
      <Form method="post" className="space-bell__form">
        <input type="hidden" name="intent" value="notifyLevel" />
        <fieldset>
          <legend>{t('spaceBell.legend')}</legend>
          {SPACE_NOTIFICATION_LEVELS.map((l) => (
            <div className="choice" key={l}>
              <input type="radio" id={`bell-${l}`} name="level" value={l} defaultChecked={l === level} />
              <label htmlFor={`bell-${l}`}>{t(LEVEL_LABEL[l])}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('spaceBell.save')}
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {saved ? (
          <p className="notice" role="status">
            {t('spaceBell.saved')}
          </p>
        ) : null}
      </Form>
    </details>
  );
}
