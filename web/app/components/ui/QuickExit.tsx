import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HelpNowLink } from '~/components/moderation/HelpNowLink';
import { leaveQuickly, offerLeaveQuickly, QUICK_EXIT_PATH } from '~/utils/quick-exit';

/**
 * The quick exit is a plain link first, so it works before JavaScript loads or without it (its
 * route signs out, then sends the browser on); JavaScript then leaves without waiting for the server
 * and replaces the page instead of adding to the history. Escape twice does the same.
 */
export function QuickExit() {
  const { t } = useTranslation('common');

  // Escape twice is heard by the script every page starts with (EARLY_QUICK_EXIT_SCRIPT in root.tsx).
  useEffect(offerLeaveQuickly, []);

  return (
    <div className="quick-exit">
      <HelpNowLink />
      <p className="quick-exit__hint" id="quick-exit-hint">
        {t('quickExit.hint')}
      </p>
      <a
        className="quick-exit__button"
        href={QUICK_EXIT_PATH}
        rel="noreferrer"
        data-testid="quick-exit"
        aria-describedby="quick-exit-hint"
        onClick={(event) => {
          event.preventDefault();
          leaveQuickly();
        }}
      >
        {t('quickExit.label')}
      </a>
    </div>
  );
}
